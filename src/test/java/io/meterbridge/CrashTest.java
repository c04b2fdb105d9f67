package io.meterbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.dsmr.TelegramWriter;
import io.meterbridge.serial.SocatPair;
import io.meterbridge.testing.GatewayProcess;
import io.meterbridge.testing.InfluxServer;
import io.meterbridge.testing.MosquittoBroker;
import io.meterbridge.testing.WaterMeter;

/**
 * README, "Nothing lost": a reading is on disk (the spool, or the CSV file) before the gateway goes on to the next
 * one, so a {@code kill -9} loses none it has read, and an MQTT message is acknowledged only once its readings are
 * on disk. The gateway runs in its own JVM against a real InfluxDB and Mosquitto, is killed mid-stream and started
 * again on the same data directory.
 */
@Timeout(240)
class CrashTest {

    private static final String DB = "crash";
    private static final Instant START = Instant.parse("2024-06-01T12:00:00Z");
    /** Time for a telegram to cross the serial line and be framed. */
    private static final long READ_MARGIN_NANOS = 500_000_000L;
    private static final int TELEGRAMS = 12;

    @TempDir
    static Path servers;
    private static InfluxServer influx;
    private static MosquittoBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServers() throws Exception {
        influx = new InfluxServer(Files.createDirectory(servers.resolve("influx")));
        influx.start();
        broker = MosquittoBroker.start(Files.createDirectory(servers.resolve("broker")));
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (broker != null) {
            broker.close();
        }
        if (influx != null) {
            influx.close();
        }
    }

    /**
     * A meter on a socat serial pair sends telegrams (three a second, faster than DSMR 5's one); every telegram sent before the kill (less the time to
     * read it) reaches InfluxDB once, the CSV file, and MQTT at least once (a persistent subscriber).
     */
    @Test
    void aKill9LosesNoReadingTheGatewayRead() throws Exception {
        SocatPair.requireSocat();
        try (SocatPair line = new SocatPair(Files.createDirectory(dir.resolve("tty")))) {
            influx.query(DB, "CREATE DATABASE " + DB);
            line.plugIn();
            Path published = dir.resolve("published.txt");
            Process subscriber = broker.subscribe(published, true, "meterbridge/+/electricity");
            Map<String, String> settings = Map.of("p1.uri", "serial:" + line.port(),
                    "hub.sinks", "direct:sink-influxdb,direct:sink-csv,direct:sink-mqtt",
                    "influxdb.url", influx.url(), "influxdb.database", DB,
                    "mqtt.broker", broker.url(),
                    "camel.server.enabled", "false");
            Path home = dir.resolve("gateway");
            List<Long> sentAt = new ArrayList<>();
            long killedAt;
            try (GatewayProcess gateway = new GatewayProcess(home, settings).start()) {
                gateway.awaitHealth("serial-consumer:p1", 60);
                TelegramWriter meter = new TelegramWriter(17);
                long next = System.nanoTime();
                for (int i = 0; i < TELEGRAMS; i++) {
                    line.send(meter.next(START.plusSeconds(i)));
                    sentAt.add(System.nanoTime());
                    next += 333_000_000L;
                    Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
                }
                // mid-stream: the next telegram would be due now
                killedAt = System.nanoTime();
                gateway.kill9();
            }
            Set<Instant> mustHave = new HashSet<>();
            for (int i = 0; i < sentAt.size(); i++) {
                if (killedAt - sentAt.get(i) > READ_MARGIN_NANOS) {
                    mustHave.add(START.plusSeconds(i));
                }
            }
            assertThat(mustHave).hasSizeGreaterThanOrEqualTo(TELEGRAMS - 2);

            try (GatewayProcess restarted = new GatewayProcess(home, settings).start()) {
                long until = System.nanoTime() + 60_000_000_000L;
                while (!times(DB, "electricity", "power_import_w").containsAll(mustHave) && System.nanoTime() < until) {
                    Thread.sleep(250);
                }
                Set<Instant> stored = times(DB, "electricity", "power_import_w");
                assertThat(stored).as("every telegram read before the kill, in InfluxDB").containsAll(mustHave);
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

    /**
     * A device publishes a water reading every 50 ms (QoS 1) to a gateway with a persistent session writing to
     * InfluxDB; the gateway is killed while the device goes on. After the restart every message is in InfluxDB:
     * what the gateway had acknowledged was on disk, the rest the broker kept for it. (With the readings batched
     * in memory, as before, the messages of the last second before the kill were acknowledged and lost.)
     */
    @Test
    void aKill9LosesNoMqttMessageTheGatewayAcknowledged() throws Exception {
        String db = "crashmqtt";
        influx.query(db, "CREATE DATABASE " + db);
        Map<String, String> settings = Map.of("mqtt.broker", broker.url(), "mqtt.client-id", "crash-test",
                "camel.main.routes-include-pattern", "file:routes/*.camel.yaml,file:routes/examples/mqtt-json-ai-on-the-edge.camel.yaml",
                "camel.main.routes-exclude-pattern", "file:routes/p1.camel.yaml",
                "hub.sinks", "direct:sink-influxdb", "influxdb.url", influx.url(), "influxdb.database", db,
                "camel.server.enabled", "false");
        Path home = dir.resolve("gateway");
        Instant start = Instant.parse("2024-01-03T00:00:00Z");
        int messages = 80;
        try (CamelContext device = new DefaultCamelContext()) {
            device.start();
            ProducerTemplate publish = device.createProducerTemplate();
            String topic = "paho-mqtt5:watermeter/garden/json?brokerUrl=" + broker.url() + "&qos=1";
            try (GatewayProcess gateway = new GatewayProcess(home, settings).start()) {
                // the first message makes the session: once it is in InfluxDB the gateway is subscribed
                await("the gateway subscribed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
                    publish.sendBody(topic, WaterMeter.reading(start, 0));
                    return !times(db, "water", "volume_m3").isEmpty();
                });
                for (int i = 1; i < messages; i++) {
                    if (i == messages / 2) {
                        gateway.kill9();
                    }
                    publish.sendBody(topic, WaterMeter.reading(start, i));
                    Thread.sleep(50);
                }
            }
            try (GatewayProcess restarted = new GatewayProcess(home, settings).start()) {
                Set<Instant> expected = new HashSet<>();
                for (int i = 0; i < messages; i++) {
                    expected.add(start.plusSeconds(i));
                }
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                        assertThat(times(db, "water", "volume_m3")).as("every message published, in InfluxDB").isEqualTo(expected));
            }
        }
    }

    private static Set<Instant> times(String db, String measurement, String field) throws Exception {
        JsonNode values = influx.query(db, "SELECT " + field + " FROM " + measurement).path("results").path(0).path("series")
                .path(0).path("values");
        Set<Instant> times = new HashSet<>();
        values.forEach(v -> times.add(Instant.parse(v.path(0).asText())));
        return times;
    }
}
