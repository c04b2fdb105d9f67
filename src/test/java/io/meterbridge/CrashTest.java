package io.meterbridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.dsmr.TelegramWriter;
import io.meterbridge.serial.SocatPair;
import io.meterbridge.testing.GatewayProcess;
import io.meterbridge.testing.InfluxServer;
import io.meterbridge.testing.MosquittoBroker;

/**
 * README, "Nothing lost": a reading is on disk (the spool, or the CSV file) at most influxdb.batch-interval (1 s)
 * after it was read, so a {@code kill -9} loses none read earlier than that. A meter on a socat serial pair sends a
 * telegram a second into a gateway in its own JVM writing to a real InfluxDB and to CSV; the gateway is killed
 * mid-stream, started again on the same data directory, and every telegram sent more than the batch interval
 * (plus half a second for reading and framing it) before the kill reaches InfluxDB once, the CSV file, and MQTT at
 * least once (a persistent subscriber on a real Mosquitto).
 */
@Timeout(180)
class CrashTest {

    private static final String DB = "crash";
    private static final Instant START = Instant.parse("2024-06-01T12:00:00Z");
    private static final long BATCH_INTERVAL_NANOS = 1_000_000_000L;
    private static final long READ_MARGIN_NANOS = 500_000_000L;

    @TempDir
    Path dir;

    @Test
    void aKill9LosesNoReadingOlderThanTheBatchInterval() throws Exception {
        SocatPair.requireSocat();
        try (InfluxServer influx = new InfluxServer(Files.createDirectory(dir.resolve("influx")));
                MosquittoBroker broker = MosquittoBroker.start(Files.createDirectory(dir.resolve("broker")));
                SocatPair line = new SocatPair(Files.createDirectory(dir.resolve("tty")))) {
            influx.start();
            influx.query(DB, "CREATE DATABASE " + DB);
            line.plugIn();
            Path published = dir.resolve("published.txt");
            Process subscriber = broker.subscribe(published, true, "meterbridge/+/electricity");
            Map<String, String> settings = Map.of("p1.uri", "serial:" + line.port(),
                    "hub.sinks", "direct:sink-influxdb,direct:sink-csv,direct:sink-mqtt",
                    "influxdb.url", influx.url(), "influxdb.database", DB,
                    "mqtt.broker", broker.url(),
                    "camel.server.enabled", "false",
                    "camel.main.routes-exclude-pattern", "file:routes/api.camel.yaml");
            Path home = dir.resolve("gateway");
            List<Long> sentAt = new ArrayList<>();
            long killedAt;
            try (GatewayProcess gateway = new GatewayProcess(home, settings).start()) {
                gateway.awaitHealth("serial-consumer:p1", 60);
                TelegramWriter meter = new TelegramWriter(17);
                long next = System.nanoTime();
                for (int i = 0; i < 9; i++) {
                    line.send(meter.next(START.plusSeconds(i)));
                    sentAt.add(System.nanoTime());
                    next += 1_000_000_000L;
                    Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
                }
                // mid-stream: the next telegram would be due now
                killedAt = System.nanoTime();
                gateway.kill9();
            }
            Set<Instant> mustHave = new HashSet<>();
            for (int i = 0; i < sentAt.size(); i++) {
                if (killedAt - sentAt.get(i) > BATCH_INTERVAL_NANOS + READ_MARGIN_NANOS) {
                    mustHave.add(START.plusSeconds(i));
                }
            }
            assertThat(mustHave).hasSizeGreaterThanOrEqualTo(7);

            try (GatewayProcess restarted = new GatewayProcess(home, settings).start()) {
                long until = System.nanoTime() + 60_000_000_000L;
                while (!times(influx).containsAll(mustHave) && System.nanoTime() < until) {
                    Thread.sleep(250);
                }
                Set<Instant> stored = times(influx);
                assertThat(stored).as("every telegram read before the batch interval, in InfluxDB").containsAll(mustHave);
                assertThat(influx.count(DB, "SELECT count(power_import_w) FROM electricity")).as("each once").isEqualTo(stored.size());
                List<String> csv = Files.readAllLines(home.resolve("data/readings-electricity-2024-06-01.csv"));
                for (Instant time : mustHave) {
                    assertThat(csv).as("the CSV row of " + time).anyMatch(row -> row.startsWith(time + ","));
                }
                // MQTT: at least once, each of them
                until = System.nanoTime() + 30_000_000_000L;
                while (System.nanoTime() < until && !mustHave.stream().allMatch(t -> contains(published, t))) {
                    Thread.sleep(250);
                }
                for (Instant time : mustHave) {
                    assertThat(contains(published, time)).as("the MQTT message of " + time).isTrue();
                }
            } finally {
                subscriber.destroy();
            }
        }
    }

    private static boolean contains(Path published, Instant time) {
        try {
            return Files.exists(published) && Files.readString(published).contains("\"time\":\"" + time + "\"");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static Set<Instant> times(InfluxServer influx) throws Exception {
        JsonNode values = influx.query(DB, "SELECT power_import_w FROM electricity").path("results").path(0).path("series")
                .path(0).path("values");
        Set<Instant> times = new HashSet<>();
        values.forEach(v -> times.add(Instant.parse(v.path(0).asText())));
        return times;
    }
}
