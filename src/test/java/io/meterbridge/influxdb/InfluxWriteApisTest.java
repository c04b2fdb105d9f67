package io.meterbridge.influxdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.meterbridge.reading.Json;
import io.meterbridge.testing.CapturedLog;
import io.meterbridge.testing.Http;
import io.meterbridge.testing.Shipped;
import io.meterbridge.testing.TestGateway;

/**
 * InfluxDB 2.x and 3.x write APIs. No InfluxDB 2 or 3 can run here (Debian ships 1.x, which InfluxSinkTest uses), so a
 * stand-in plays them as InfluxDB's API documentation specifies: the paths and query parameters of /api/v2/write
 * and /api/v3/write_lp, the Authorization schemes (Token, Bearer), gzip request bodies, 204 on success, JSON error
 * bodies ({"code": ..., "message": ...}) with 401, 404 and 413, and 429 with Retry-After.
 */
@Timeout(120)
class InfluxWriteApisTest {

    private static final String TOKEN = "stand-in-token-0123456789";

    record Request(long at, String path, String query, String authorization, String encoding, List<String> lines) {
    }

    @TempDir
    java.nio.file.Path data;

    private HttpServer server;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    /** The stand-in's answer to a request: status, Retry-After (or null), body. */
    private volatile Function<Request, Object[]> answer = r -> new Object[] { 204, null, "" };

    @BeforeEach
    void standIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange http) throws IOException {
        byte[] body = http.getRequestBody().readAllBytes();
        String encoding = http.getRequestHeaders().getFirst("Content-Encoding");
        InputStream in = "gzip".equals(encoding) ? new GZIPInputStream(new ByteArrayInputStream(body)) : new ByteArrayInputStream(body);
        List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isEmpty()).toList();
        Request request = new Request(System.nanoTime(), http.getRequestURI().getPath(), http.getRequestURI().getQuery(),
                http.getRequestHeaders().getFirst("Authorization"), encoding, lines);
        requests.add(request);
        Object[] a = answer.apply(request);
        if (a[1] != null) {
            http.getResponseHeaders().add("Retry-After", (String) a[1]);
        }
        byte[] out = ((String) a[2]).getBytes(StandardCharsets.UTF_8);
        if (out.length > 0) {
            http.getResponseHeaders().add("Content-Type", "application/json");
        }
        http.sendResponseHeaders((int) a[0], out.length == 0 ? -1 : out.length);
        http.getResponseBody().write(out);
        http.close();
    }

    private Main gateway(String api) {
        Main main = TestGateway.newMain();
        main.addOverrideProperty("files.directory", data.toString());
        main.addOverrideProperty("p1.uri", Shipped.demoAtOnce());
        main.addOverrideProperty("hub.sinks", "direct:sink-influxdb");
        main.addOverrideProperty("influxdb.url", "http://127.0.0.1:" + server.getAddress().getPort());
        main.addOverrideProperty("influxdb.api", api);
        main.addOverrideProperty("influxdb.org", "home");
        main.addOverrideProperty("influxdb.database", "meters");
        main.addOverrideProperty("influxdb.token", TOKEN);
        main.addOverrideProperty("influxdb.batch-size", "200");
        return main;
    }

    /** Every electricity point the stand-in took (answered 204), by time; a point taken twice counts once. */
    private Set<String> taken(List<Request> taken) {
        Set<String> times = new HashSet<>();
        for (Request r : taken) {
            r.lines().stream().filter(l -> l.startsWith("electricity,")).forEach(l -> times.add(l.substring(l.lastIndexOf(' ') + 1)));
        }
        return times;
    }

    @Test
    void v2WithTokenOrgAndBucketGzippedSplitWhenTooLargeWaitingOutRetryAfter() throws Exception {
        List<Request> accepted = Collections.synchronizedList(new ArrayList<>());
        boolean[] busy = { true };
        answer = r -> {
            if (busy[0]) {
                busy[0] = false;
                return new Object[] { 429, "1", "{\"code\":\"too many requests\",\"message\":\"slow down\"}" };
            }
            if (r.lines().size() > 100) {
                return new Object[] { 413, null, "{\"code\":\"request too large\",\"message\":\"unable to read data: points batch is too large\"}" };
            }
            accepted.add(r);
            return new Object[] { 204, null, "" };
        };
        Main main = gateway("v2");
        main.start();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> taken(accepted).size() == 298);
        } finally {
            main.stop();
        }
        Request first = requests.get(0);
        assertThat(first.path()).isEqualTo("/api/v2/write");
        assertThat(first.query()).contains("org=home", "bucket=meters", "precision=ms");
        assertThat(first.authorization()).isEqualTo("Token " + TOKEN);
        assertThat(first.encoding()).isEqualTo("gzip");
        // the 429's Retry-After (1 s) was waited out before the next attempt
        assertThat(requests.get(1).at() - first.at()).isGreaterThanOrEqualTo(1_000_000_000L);
        // a batch of 200 refused as too large went again as halves, nothing dropped
        assertThat(requests).anyMatch(r -> r.lines().size() > 100);
        assertThat(accepted).allMatch(r -> r.lines().size() <= 100);
        assertThat(CapturedLog.messages()).noneMatch(m -> m.contains("refused") && m.contains("for good"));
    }

    @Test
    void v3WithBearerToken() throws Exception {
        Main main = gateway("v3");
        main.start();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> taken(requests).size() == 298);
        } finally {
            main.stop();
        }
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.path()).isEqualTo("/api/v3/write_lp");
            assertThat(r.query()).contains("db=meters", "precision=millisecond");
            assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN);
        });
    }

    /** A wrong token: one line that says so, the readings kept in the spool and the sink DOWN, until it is fixed. */
    @Test
    void aWrongTokenIsSaidInOneLineAndNothingIsLost() throws Exception {
        List<Request> accepted = Collections.synchronizedList(new ArrayList<>());
        answer = r -> new Object[] { 401, null, "{\"code\":\"unauthorized\",\"message\":\"unauthorized access\"}" };
        Main main = gateway("v2");
        main.start();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> CapturedLog.messages().stream()
                    .anyMatch(m -> m.contains("InfluxDB does not take deliveries") && m.contains("refuses the credentials (HTTP 401")
                            && m.contains("INFLUXDB_TOKEN")));
            JsonNode sink = null;
            for (JsonNode check : Json.MAPPER.readTree(new Http(TestGateway.observe(main)).get("/health?data=true").text()).path("checks")) {
                if (check.path("name").asText().equals("sink-influxdb")) {
                    sink = check;
                }
            }
            assertThat(sink).isNotNull();
            assertThat(sink.path("status").asText()).isEqualTo("DOWN");
            assertThat(sink.path("data").path("waiting").asLong()).isPositive();
            // the token fixed (here: the server takes it now): everything kept is delivered
            answer = r -> {
                accepted.add(r);
                return new Object[] { 204, null, "" };
            };
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> taken(accepted).size() == 298);
        } finally {
            main.stop();
        }
        assertThat(String.join("\n", CapturedLog.messages())).doesNotContain(TOKEN);
    }
}
