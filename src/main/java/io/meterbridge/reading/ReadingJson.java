package io.meterbridge.reading;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads back a reading that was written as JSON ({@link Reading}'s own form), e.g. from a sink's spool. */
public final class ReadingJson {

    private ReadingJson() {
    }

    public static Reading parse(JsonNode json) {
        Reading.Builder reading = Reading.builder(json.path("measurement").asText());
        for (Iterator<Map.Entry<String, JsonNode>> tags = json.path("tags").fields(); tags.hasNext(); ) {
            Map.Entry<String, JsonNode> tag = tags.next();
            reading.tag(tag.getKey(), tag.getValue().asText());
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = json.path("fields").fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isIntegralNumber()) {
                reading.field(field.getKey(), value.asLong());
            } else if (value.isNumber()) {
                reading.field(field.getKey(), value.asDouble());
            } else {
                reading.field(field.getKey(), value.asText());
            }
        }
        return reading.time(Instant.parse(json.path("time").asText())).build();
    }
}
