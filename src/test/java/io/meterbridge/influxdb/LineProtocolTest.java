package io.meterbridge.influxdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.reading.Reading;
import io.meterbridge.testing.InfluxServer;

/** Line protocol as the InfluxDB spool writes it, checked by a real influxd reading every awkward value back. */
class LineProtocolTest {

    private static final Instant T = Instant.parse("2024-06-01T10:00:00.123Z");

    @TempDir
    Path dir;

    private static String line(Reading reading) {
        StringBuilder out = new StringBuilder();
        new LineProtocol().append(reading, out);
        return out.toString();
    }

    @Test
    void anOrdinaryReadingIsOneLineWithMillisecondTime() {
        Reading r = Reading.builder("electricity").tag("meter", "E0012").tag("source", "p1")
                .field("power_import_w", 1234.5).field("tariff", 2L).field("text", "hi").time(T).build();
        assertThat(line(r)).isEqualTo("electricity,meter=E0012,source=p1 power_import_w=1234.5,tariff=2i,text=\"hi\" 1717236000123");
    }

    @Test
    void valuesInfluxCannotStoreAreLeftOutNotSentBroken() {
        Reading r = Reading.builder("gas").tag("meter", "").field("a", Double.NaN).field("b", 1.0).time(T).build();
        assertThat(line(r)).isEqualTo("gas b=1.0 1717236000123");
        assertThat(line(Reading.builder("gas").field("a", Double.POSITIVE_INFINITY).time(T).build())).isEmpty();
    }

    @Test
    void awkwardNamesAndValuesSurviveARealInfluxd() throws Exception {
        Reading awkward = Reading.builder("my meter,1").tag("meter", "E 00,12=x").tag("site", "back\\slash")
                .field("power w", 1.0E10).field("tiny", 1.0E-5).field("neg", -0.001).field("big", Long.MAX_VALUE)
                .field("text", "a \"quoted\", text\\ with\nlines").field("eq=sign", 3L).time(T).build();
        try (InfluxServer influx = new InfluxServer(Files.createDirectory(dir.resolve("influx")))) {
            influx.start();
            influx.query("t", "CREATE DATABASE t");
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(influx.url() + "/write?db=t&precision=ms")).POST(HttpRequest.BodyPublishers.ofString(line(awkward) + "\n")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(204);
            JsonNode series = influx.query("t", "SELECT * FROM \"my meter,1\"").path("results").path(0).path("series").path(0);
            JsonNode row = series.path("values").path(0);
            assertThat(row.path(InfluxServer.column(series, "time")).asText()).isEqualTo("2024-06-01T10:00:00.123Z");
            assertThat(row.path(InfluxServer.column(series, "meter")).asText()).isEqualTo("E 00,12=x");
            assertThat(row.path(InfluxServer.column(series, "site")).asText()).isEqualTo("back\\slash");
            assertThat(row.path(InfluxServer.column(series, "power w")).asDouble()).isEqualTo(1.0E10);
            assertThat(row.path(InfluxServer.column(series, "tiny")).asDouble()).isEqualTo(1.0E-5);
            assertThat(row.path(InfluxServer.column(series, "neg")).asDouble()).isEqualTo(-0.001);
            assertThat(row.path(InfluxServer.column(series, "big")).asLong()).isEqualTo(Long.MAX_VALUE);
            assertThat(row.path(InfluxServer.column(series, "eq=sign")).asLong()).isEqualTo(3);
            assertThat(row.path(InfluxServer.column(series, "text")).asText()).isEqualTo("a \"quoted\", text\\ with lines");
        }
    }

}
