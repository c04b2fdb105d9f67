package io.meterbridge.glow;

import io.meterbridge.testing.TestCorpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.meterbridge.reading.Json;

/** The Glow payloads of the shared corpus: name → (topic, payload bytes). */
final class GlowCorpus {

    record Payload(String topic, byte[] bytes) {
    }

    private GlowCorpus() {
    }

    static Map<String, Payload> load(String file) throws IOException {
        return load("scooter1556_glow-mqtt", file);
    }

    static Map<String, Payload> load(String folder, String file) throws IOException {
        Path path = TestCorpus.of("glow", folder, file);
        Map<String, Payload> payloads = new LinkedHashMap<>();
        for (JsonNode p : Json.MAPPER.readTree(path.toFile()).path("payloads")) {
            payloads.put(p.path("name").asText(), new Payload(p.path("topic").asText(), Json.MAPPER.writeValueAsBytes(p.path("payload"))));
        }
        return payloads;
    }
}
