package io.meterbridge.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;

import io.meterbridge.reading.Json;

/**
 * A real InfluxDB 1.x (Debian's influxd) on free loopback ports, its data in a test directory so it can be
 * stopped and started again with its data. Missing locally, the test is skipped; in CI (CI=true) it fails.
 */
public final class InfluxServer implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/influxd");
    private final Path dir;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;

    public InfluxServer(Path dir) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("influxd is missing: install it (apt-get install influxdb)");
            }
            Assumptions.assumeTrue(false, "influxd not installed (apt-get install influxdb): InfluxDB tests skipped");
        }
        this.dir = dir;
        this.port = FreePort.next();
        int rpc = FreePort.next();
        Files.writeString(dir.resolve("influxdb.conf"), String.join("\n",
                "reporting-disabled = true",
                "bind-address = \"127.0.0.1:" + rpc + "\"",
                "[meta]", "  dir = \"" + dir.resolve("meta") + "\"",
                "[data]", "  dir = \"" + dir.resolve("data") + "\"", "  wal-dir = \"" + dir.resolve("wal") + "\"",
                "  query-log-enabled = false",
                "[monitor]", "  store-enabled = false",
                "[http]", "  bind-address = \"127.0.0.1:" + port + "\"", "  log-enabled = false",
                "[continuous_queries]", "  enabled = false", ""));
    }

    public void start() throws IOException, InterruptedException {
        process = new ProcessBuilder(BINARY.toString(), "-config", dir.resolve("influxdb.conf").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("influxd.log").toFile())).start();
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url() + "/ping")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 204) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (System.nanoTime() > until || !process.isAlive()) {
                throw new IOException("influxd did not start: " + Files.readString(dir.resolve("influxd.log")));
            }
            Thread.sleep(100);
        }
    }

    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
            process = null;
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public JsonNode query(String database, String q) throws IOException, InterruptedException {
        String uri = url() + "/query?db=" + database + "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri)).POST(HttpRequest.BodyPublishers.noBody()).build();
        return Json.MAPPER.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    /** The single value of a query such as SELECT count(x) FROM m; 0 when there are no points. */
    public long count(String database, String q) throws IOException, InterruptedException {
        JsonNode series = query(database, q).path("results").path(0).path("series").path(0);
        return series.isMissingNode() ? 0 : series.path("values").path(0).path(1).asLong();
    }

    /** Where a column is in a query result's series, by name; fails the test when it has none. */
    public static int column(JsonNode series, String name) {
        for (int i = 0; i < series.path("columns").size(); i++) {
            if (series.path("columns").path(i).asText().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no column " + name + " in " + series);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
