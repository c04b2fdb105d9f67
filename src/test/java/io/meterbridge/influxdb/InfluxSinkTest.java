package io.meterbridge.influxdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.dsmr.TelegramWriter;
import io.meterbridge.spool.Spool;
import io.meterbridge.testing.CapturedLog;
import io.meterbridge.testing.InfluxServer;
import io.meterbridge.testing.TestGateway;

/**
 * The InfluxDB sink with the shipped routes and a real influxd: points arrive with their values and the meter's
 * time; and when InfluxDB goes down mid-stream and the gateway is restarted while it is down, every reading
 * arrives once InfluxDB is back, exactly once.
 */
@Timeout(180)
class InfluxSinkTest {

    private static final String DB = "meterbridge";
    private static final Instant START = Instant.parse("2024-06-01T10:00:00Z");

    @TempDir
    Path dir;

    private Path capture(String name, int from, int to) throws Exception {
        return TelegramWriter.capture(dir.resolve(name), 21, START, from, to);
    }

    private Main gateway(InfluxServer influx, Path capture, long delay) throws Exception {
        Main main = TestGateway.newMain();
        main.addOverrideProperty("hub.sinks", "direct:sink-influxdb");
        main.addOverrideProperty("influxdb.url", influx.url());
        main.addOverrideProperty("p1.uri", "replay:" + capture + "?delay=" + delay);
        main.addOverrideProperty("files.directory", dir.resolve("data").toString());
        main.addOverrideProperty("influxdb.batch-interval", "200");
        return main;
    }

    private static long awaitCount(InfluxServer influx, String q, long expected) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long count = 0;
        while (System.nanoTime() < until && (count = influx.count(DB, q)) < expected) {
            Thread.sleep(200);
        }

        return count;
    }

    @Test
    void pointsArriveWithValuesAndMeterTime() throws Exception {
        try (InfluxServer influx = new InfluxServer(Files.createDirectory(dir.resolve("influx")))) {
            influx.start();
            influx.query(DB, "CREATE DATABASE " + DB);
            Main main = gateway(influx, capture("day.log", 0, 120), 0);
            main.start();
            try {
                assertThat(awaitCount(influx, "SELECT count(energy_import_kwh) FROM electricity", 120)).isEqualTo(120);
                // the gas meter's capture time changes every 5 minutes: one point per capture, as the meter means it
                assertThat(awaitCount(influx, "SELECT count(volume_m3) FROM gas", 1)).isEqualTo(1);
                assertThat(CapturedLog.messages()).as("the outage is told").anyMatch(m -> m.contains("WARN")
                        && m.contains("InfluxDB unreachable, readings kept in") && m.contains("retried with back-off"));
            } finally {
                main.stop();
            }
            JsonNode first = influx.query(DB, "SELECT * FROM electricity ORDER BY time ASC LIMIT 1")
                    .path("results").path(0).path("series").path(0);
            assertThat(first.path("values").path(0).path(0).asText()).isEqualTo("2024-06-01T10:00:00Z");
            int meter = InfluxServer.column(first, "meter");
            assertThat(first.path("values").path(0).path(meter).asText()).isEqualTo(TelegramWriter.EQUIPMENT_ID);
            assertThat(first.path("values").path(0).path(InfluxServer.column(first, "tariff")).asLong()).isEqualTo(2);
            assertThat(first.path("values").path(0).path(InfluxServer.column(first, "energy_import_t1_kwh")).asDouble()).isEqualTo(2130.115);
        }
    }


    @Test
    void aBatchRefusedForGoodIsDroppedNotRetriedForever() throws Exception {
        try (InfluxServer influx = new InfluxServer(Files.createDirectory(dir.resolve("influx")))) {
            influx.start();
            influx.query(DB, "CREATE DATABASE " + DB);
            // tariff as a string in the same shard (the same week): the gateway's integer tariff is a field type conflict, a 400
            java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(influx.url() + "/write?db=" + DB))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("electricity tariff=\"low\" 1717232400000000000")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            Main main = gateway(influx, capture("conflict.log", 0, 20), 0);
            main.start();
            try {
                Path spool = dir.resolve("data").resolve("spool").resolve("influxdb");
                long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                io.meterbridge.spool.Spool bean = main.getCamelContext().getRegistry().lookupByNameAndType("influxSpool", io.meterbridge.spool.Spool.class);
                while (bean.dropped() < 20 && System.nanoTime() < until) {
                    Thread.sleep(100);
                }
                // a partial write: InfluxDB took the gas readings and refused the electricity ones, and said how many
                assertThat(bean.dropped()).as("the 20 electricity readings refused").isEqualTo(20);
                assertThat(awaitCount(influx, "SELECT count(volume_m3) FROM gas", 1)).isEqualTo(1);
                assertThat(CapturedLog.messages()).as("the outage is told").anyMatch(m -> m.contains("WARN")
                        && m.contains("InfluxDB unreachable, readings kept in") && m.contains("retried with back-off"));
                assertThat(bean.delivered()).as("the gas readings, taken").isEqualTo(20);
                assertThat(Files.list(spool).filter(p -> p.toString().endsWith(".lp"))).as("nothing left to retry").isEmpty();
            } finally {
                main.stop();
            }
        }
    }

    @Test
    void anOutageWithARestartLosesNothingAndDuplicatesNothing() throws Exception {
        try (InfluxServer influx = new InfluxServer(Files.createDirectory(dir.resolve("influx")))) {
            influx.start();
            influx.query(DB, "CREATE DATABASE " + DB);
            // first half: InfluxDB dies a third of the way in, the gateway goes on, then restarts
            Main first = gateway(influx, capture("first.log", 0, 150), 20);
            first.start();
            try {
                awaitCount(influx, "SELECT count(energy_import_kwh) FROM electricity", 50);
                influx.stop();
                // the rest of the first half arrives while InfluxDB is down: 150 telegrams, electricity and gas each
                Spool spool = first.getCamelContext().getRegistry().lookupByNameAndType("influxSpool", Spool.class);
                await("the whole first capture read").atMost(Duration.ofSeconds(30)).until(() -> spool.spooled() >= 300);
                await("a failed delivery").atMost(Duration.ofSeconds(30)).until(spool::failing);
            } finally {
                first.stop();
            }
            // second half, after the restart, InfluxDB still down: all of it goes to the spool
            Main second = gateway(influx, capture("second.log", 150, 300), 5);
            second.start();
            try {
                Thread.sleep(2500);
                influx.start(); // back: the spool drains, oldest first
                assertThat(awaitCount(influx, "SELECT count(energy_import_kwh) FROM electricity", 300)).isEqualTo(300);
                assertThat(awaitCount(influx, "SELECT count(volume_m3) FROM gas", 1)).isEqualTo(1);
                assertThat(CapturedLog.messages()).as("the outage is told").anyMatch(m -> m.contains("WARN")
                        && m.contains("InfluxDB unreachable, readings kept in") && m.contains("retried with back-off"));
            } finally {
                second.stop();
            }
            // every telegram's values, once: the sum of a value that differs each second matches what was sent
            TelegramWriter meter = new TelegramWriter(21);
            double sentPower = 0;
            for (int i = 0; i < 300; i++) {
                sentPower += new io.meterbridge.dsmr.TelegramParser(TelegramWriter.ZONE).parse(meter.next(START.plusSeconds(i)))
                        .getElectricity().get("power_import_w") instanceof Double d ? d : 0;
            }
            JsonNode sum = influx.query(DB, "SELECT sum(power_import_w) FROM electricity").path("results").path(0).path("series").path(0);
            assertThat(sum.path("values").path(0).path(1).asDouble()).isCloseTo(sentPower, org.assertj.core.data.Offset.offset(0.001));
            assertThat(Files.list(dir.resolve("data").resolve("spool").resolve("influxdb")).filter(p -> p.toString().endsWith(".lp")))
                    .as("spool drained").isEmpty();
        }
    }

    @Test
    void countersShowInHealthAndPrometheusMetrics() throws Exception {
        try (InfluxServer influx = new InfluxServer(Files.createDirectory(dir.resolve("influx")))) {
            influx.start();
            influx.query(DB, "CREATE DATABASE " + DB);
            int port = io.meterbridge.testing.FreePort.next();
            Main main = gateway(influx, capture("day.log", 0, 30), 0);
            main.addOverrideProperty("camel.management.port", String.valueOf(port));
            main.start();
            try {
                assertThat(awaitCount(influx, "SELECT count(energy_import_kwh) FROM electricity", 30)).isEqualTo(30);
                String base = "http://127.0.0.1:" + port + "/observe/";
                JsonNode sink = check(get(base + "health?data=true"), "sink-influxdb");
                assertThat(sink.path("status").asText()).isEqualTo("UP");
                assertThat(sink.path("data").path("delivered").asLong()).isEqualTo(60);
                assertThat(sink.path("data").path("waiting").asLong()).isZero();
                String metrics = get(base + "metrics");
                assertThat(metrics).contains("meterbridge_sink_readings_total{outcome=\"delivered\",sink=\"influxdb\"} 60.0")
                        .contains("meterbridge_sink_waiting_readings{sink=\"influxdb\"} 0.0");

                influx.stop(); // down: the sink's check says so, and why; readings wait
                main.getCamelContext().createProducerTemplate().sendBody("direct:sink-influxdb",
                        io.meterbridge.reading.Reading.builder("electricity").tag("meter", "m").field("power_import_w", 1.0)
                                .time(START).build());
                long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (System.nanoTime() < until && check(get(base + "health?data=true"), "sink-influxdb").path("status").asText().equals("UP")) {
                    Thread.sleep(100);
                }
                sink = check(get(base + "health?data=true"), "sink-influxdb");
                assertThat(sink.path("status").asText()).isEqualTo("DOWN");
                assertThat(sink.path("data").path("waiting").asLong()).isEqualTo(1);
                assertThat(get(base + "metrics")).contains("meterbridge_sink_waiting_readings{sink=\"influxdb\"} 1.0");
            } finally {
                main.stop();
            }
        }
    }

    private static String get(String url) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    private static JsonNode check(String health, String id) throws Exception {
        for (JsonNode check : io.meterbridge.reading.Json.MAPPER.readTree(health).path("checks")) {
            if (check.path("name").asText().equals(id)) {
                return check;
            }
        }
        throw new AssertionError("no check " + id + " in " + health);
    }
}
