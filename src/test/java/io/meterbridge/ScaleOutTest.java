package io.meterbridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.dsmr.TelegramWriter;
import io.meterbridge.testing.GatewayProcess;
import io.meterbridge.testing.InfluxServer;
import io.meterbridge.testing.MosquittoBroker;

/**
 * A research trial's scale-out: two gateway processes (separate JVMs, as two replicas) share one MQTT 5 subscription
 * on a real Mosquitto with routes/examples/p1-fleet.camel.yaml, while 100 simulated meters publish 10,000 raw
 * telegrams in a burst. Every telegram is processed exactly once across both (their own metrics say so, and both
 * took part), and the real InfluxDB behind them holds every reading once.
 */
@Timeout(420)
class ScaleOutTest {

    static final int METERS = 100;
    /** 100 in the test suite; -Dmeterbridge.scaleout.per-meter=1000 for the run docs/OPERATIONS.md reports. */
    static final int TELEGRAMS_PER_METER = Integer.getInteger("meterbridge.scaleout.per-meter", 100);
    static final int TELEGRAMS = METERS * TELEGRAMS_PER_METER;
    static final String DB = "trial";

    @TempDir
    Path dir;

    @Test
    void twoReplicasShareTheSubscriptionAndProcessEveryTelegramOnce() throws Exception {
        List<GatewayProcess> gateways = new ArrayList<>();
        try (MosquittoBroker broker = MosquittoBroker.start(Files.createDirectory(dir.resolve("mqtt")));
                InfluxServer influx = new InfluxServer(Files.createDirectory(dir.resolve("influx")))) {
            influx.start();
            influx.query(DB, "CREATE DATABASE " + DB);
            for (int i = 0; i < 2; i++) {
                gateways.add(gateway("replica-" + i, broker.url(), influx.url()).start());
            }
            for (GatewayProcess gateway : gateways) {
                gateway.awaitHealth("\"consumer:p1-fleet\",\"status\":\"UP\"", 60);
            }
            Thread.sleep(1000); // the subscriptions follow the connections

            publish(broker.url());

            // until every telegram is in, or nothing has moved for 20 s (a loss shows as a count short of 100,000)
            long until = System.nanoTime() + 300_000_000_000L;
            long[] valid = new long[2];
            long seen = -1;
            long still = System.nanoTime();
            while (System.nanoTime() < until && System.nanoTime() - still < 20_000_000_000L) {
                for (int i = 0; i < 2; i++) {
                    valid[i] = (long) gateways.get(i).metric("meterbridge_telegrams_total\\{validity=\"valid\"\\}");
                }
                long points = influx.count(DB, "SELECT count(power_import_w) FROM electricity");
                if (valid[0] + valid[1] >= TELEGRAMS && points >= TELEGRAMS) {
                    break;
                }
                if (valid[0] + valid[1] + points != seen) {
                    seen = valid[0] + valid[1] + points;
                    still = System.nanoTime();
                }
                Thread.sleep(250);
            }
            Thread.sleep(2000); // anything still arriving would show as more than TELEGRAMS (InfluxDB batches every second)
            long delivered = 0;
            for (int i = 0; i < 2; i++) {
                GatewayProcess gateway = gateways.get(i);
                valid[i] = (long) gateway.metric("meterbridge_telegrams_total\\{validity=\"valid\"\\}");
                delivered += (long) gateway.metric("meterbridge_sink_readings_total\\{outcome=\"delivered\",sink=\"influxdb\"\\}");
                assertThat(gateway.metric("meterbridge_telegrams_total\\{validity=\"rejected\"\\}")).isZero();
                assertThat(gateway.metric("meterbridge_sink_readings_total\\{outcome=\"dropped\",sink=\"influxdb\"\\}")).isZero();
            }
            assertThat(valid[0] + valid[1]).as("telegrams processed across both replicas").isEqualTo(TELEGRAMS);
            // electricity and gas of every telegram, each delivered to InfluxDB once
            assertThat(delivered).as("readings delivered to InfluxDB").isEqualTo(2L * TELEGRAMS);
            assertThat(valid[0]).as("replica 0 took part").isGreaterThan(TELEGRAMS / 10);
            assertThat(valid[1]).as("replica 1 took part").isGreaterThan(TELEGRAMS / 10);
            // one electricity point per telegram (meter and time), 100 meters
            assertThat(influx.count(DB, "SELECT count(power_import_w) FROM electricity")).isEqualTo(TELEGRAMS);
            assertThat(influx.query(DB, "SHOW TAG VALUES FROM electricity WITH KEY = meter").path("results").path(0).path("series").path(0)
                    .path("values")).hasSize(METERS);
        } finally {
            for (GatewayProcess gateway : gateways) {
                gateway.close();
            }
        }
    }

    /** A gateway replica in its own JVM, as a second pod would run it. */
    private GatewayProcess gateway(String name, String broker, String influx) throws Exception {
        return new GatewayProcess(dir.resolve(name), Map.of(
                "camel.main.routes-include-pattern", "file:routes/*.camel.yaml,file:routes/examples/p1-fleet.camel.yaml",
                "camel.main.routes-exclude-pattern", "file:routes/p1.camel.yaml",
                "camel.server.enabled", "false",
                "hub.sinks", "direct:sink-influxdb",
                "mqtt.broker", broker,
                "mqtt.client-id", name,
                "influxdb.url", influx,
                "influxdb.database", DB));
    }

    /** 100 meters, 1000 telegrams each, one second apart, each meter on its own topic; QoS 1, acknowledged. */
    private static void publish(String broker) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(broker, "trial-meters", new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        client.connect(options).waitForCompletion(10_000);
        TelegramWriter[] meters = new TelegramWriter[METERS];
        for (int m = 0; m < METERS; m++) {
            meters[m] = new TelegramWriter(m, String.format("E%016d", m));
        }
        Instant start = Instant.parse("2025-03-01T00:00:00Z");
        List<IMqttToken> window = new ArrayList<>();
        for (int t = 0; t < TELEGRAMS_PER_METER; t++) {
            for (int m = 0; m < METERS; m++) {
                MqttMessage message = new MqttMessage(meters[m].next(start.plusSeconds(t)));
                message.setQos(1);
                window.add(client.publish("meterbridge/raw/p1/meter-" + m, message));
                if (window.size() == 1000) {
                    for (IMqttToken token : window) {
                        token.waitForCompletion(30_000);
                    }
                    window.clear();
                }
            }
        }
        for (IMqttToken token : window) {
            token.waitForCompletion(30_000);
        }
        client.disconnect().waitForCompletion(10_000);
        client.close();
    }
}
