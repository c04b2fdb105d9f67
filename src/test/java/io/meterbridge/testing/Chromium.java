package io.meterbridge.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.meterbridge.reading.Json;

/**
 * Headless Chromium (Debian's chromium package) showing a page as a user's browser does: scripts run, the API is
 * called, the page polls. It is driven over the DevTools protocol because a headless window is never narrower than
 * 500 px: a phone's 360 px comes from device-metrics emulation, as Chrome's own device mode does it.
 */
public final class Chromium implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/chromium");

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();

    /** Skips the test locally when Chromium is missing; in CI (CI=true) a missing Chromium fails it. */
    public static void require() {
        boolean present = Files.isExecutable(BINARY);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("chromium is missing: install it (apt-get install chromium)");
        }
        Assumptions.assumeTrue(present, "chromium not installed (apt-get install chromium): dashboard tests skipped");
    }

    /** Starts Chromium with a fresh profile in {@code profile}, its clock in {@code timeZone}, on a blank tab. */
    public Chromium(Path profile, String timeZone) throws IOException, InterruptedException {
        // the flags keep Chromium off the network it would otherwise try to reach (updates, sync, Google's hosts)
        ProcessBuilder builder = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--remote-debugging-port=0", "--remote-allow-origins=*", "--user-data-dir=" + profile,
                "about:blank").redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("TZ", timeZone);
        process = builder.start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2)) {
            if (System.nanoTime() > until || !process.isAlive()) {
                process.destroyForcibly();
                throw new IOException("chromium did not open its DevTools port within 30 s");
            }
            Thread.sleep(50);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
        HttpClient http = HttpClient.newHttpClient();
        String targets = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String page = null;
        for (JsonNode target : Json.MAPPER.readTree(targets)) {
            if ("page".equals(target.path("type").asText())) {
                page = target.get("webSocketDebuggerUrl").asText();
            }
        }
        if (page == null) {
            close();
            throw new IOException("chromium has no page to drive: " + targets);
        }
        socket = http.newWebSocketBuilder().buildAsync(URI.create(page), new Answers()).join();
    }

    /** Shows {@code url} in a window {@code width} px wide (under 600: as a phone, with touch and a mobile viewport). */
    public void open(String url, int width) throws IOException {
        call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", 1400, "deviceScaleFactor", 1, "mobile", width < 600));
        call("Page.enable", Map.of());
        call("Page.navigate", Map.of("url", url));
    }

    /** Waits until the JavaScript expression is true in the page. */
    public void await(String expression, Duration atMost) throws IOException, InterruptedException {
        long until = System.nanoTime() + atMost.toNanos();
        while (!evaluate(expression).asBoolean(false)) {
            if (System.nanoTime() > until) {
                throw new AssertionError("the page never reached " + expression + " within " + atMost);
            }
            Thread.sleep(200);
        }
    }

    /** The value of a JavaScript expression in the page. */
    public JsonNode evaluate(String expression) throws IOException {
        JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        return result.path("result").path("value");
    }

    /** The page's DOM as it is now. */
    public String dom() throws IOException {
        return evaluate("document.documentElement.outerHTML").asText();
    }

    public void screenshot(Path png) throws IOException {
        JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        Files.write(png, Base64.getDecoder().decode(shot.get("data").asText()));
    }

    private JsonNode call(String method, Map<String, Object> params) throws IOException {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        answers.put(id, answer);
        ObjectNode message = Json.MAPPER.createObjectNode().put("id", id).put("method", method);
        message.set("params", Json.MAPPER.valueToTree(params));
        socket.sendText(Json.MAPPER.writeValueAsString(message), true).join();
        try {
            JsonNode reply = answer.get(30, TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new IOException(method + " failed: " + reply.get("error"));
            }
            return reply.path("result");
        } catch (Exception e) {
            throw e instanceof IOException io ? io : new IOException(method + " got no answer", e);
        } finally {
            answers.remove(id);
        }
    }

    /** Collects the protocol's messages (they may come in parts) and completes the call each answers. */
    private final class Answers implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    JsonNode message = Json.MAPPER.readTree(text.toString());
                    CompletableFuture<JsonNode> answer = message.has("id") ? answers.get(message.get("id").asInt()) : null;
                    if (answer != null) {
                        answer.complete(message);
                    }
                } catch (IOException e) {
                    // not a message of the protocol: nothing waits for it
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
