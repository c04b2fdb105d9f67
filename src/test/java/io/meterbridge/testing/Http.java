package io.meterbridge.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import io.meterbridge.reading.Json;

/** Real HTTP requests to the gateway's server, as a browser or curl makes them. */
public final class Http {

    /** A response: its status, its body read as JSON, and its headers. */
    public record Answer(int status, JsonNode json, String text, java.net.http.HttpHeaders headers) {

        /** The first value of an answer header, or null. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private final HttpClient client;
    private final String base;

    public Http(String base) {
        this(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    /** Through a client of the test's own (one that trusts a test CA, for HTTPS). */
    public Http(String base, HttpClient client) {
        this.base = base;
        this.client = client;
    }

    public Answer get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Answer post(String path, String json, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        if (r.headers().firstValue("Content-Type").orElse("").contains("json")) {
            json = Json.MAPPER.readTree(r.body());
        }
        return new Answer(r.statusCode(), json, r.body(), r.headers());
    }
}
