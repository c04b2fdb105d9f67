package io.meterbridge.spool;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import io.meterbridge.reading.Json;
import io.meterbridge.reading.Reading;
import io.meterbridge.reading.ReadingJson;

/** Readings as JSON lines, for sinks that need the readings back (MQTT makes topics and discovery from them). */
public class JsonLines implements SpoolFormat {

    @Override
    public String extension() {
        return "jsonl";
    }

    @Override
    public void append(Object item, StringBuilder out) throws IOException {
        if (item instanceof Reading reading) {
            out.append(Json.MAPPER.writeValueAsString(reading));
        }
    }

    /** The readings of one spool file, as a delivery route reads it; a line that is no reading goes to {@code unreadable}. */
    @Override
    public List<Reading> read(String lines, java.util.function.Consumer<String> unreadable) throws IOException {
        List<Reading> readings = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new StringReader(lines))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    try {
                        readings.add(ReadingJson.parse(Json.MAPPER.readTree(line)));
                    } catch (IOException | RuntimeException e) {
                        unreadable.accept(e.getClass().getSimpleName());
                    }
                }
            }
        }
        return readings;
    }
}
