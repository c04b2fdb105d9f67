package io.meterbridge.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.apache.camel.main.Main;
import java.util.concurrent.Semaphore;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;

import io.meterbridge.MeterbridgeMain;
import io.meterbridge.testing.InfluxServer;
import io.meterbridge.testing.MosquittoBroker;

/**
 * MQTT JSON into InfluxDB, meterbridge beside a minimal Python bridge (bench/mqtt-influx/bridge.py: paho-mqtt and
 * urllib, the same batching) in the same run, on the same Mosquitto and influxd: Glow electricity payloads of ten
 * devices published at QoS 1 as fast as the broker takes them (up to 1000 unacknowledged), timed from the first publish until InfluxDB holds
 * them all; beside them, the Python bridge's code in Java on the MQTT client meterbridge uses ({@link PahoBridge}), the
 * most a gateway on that client could do. Prints the rates and the ratios to the Python bridge. Arguments: the number of payloads (20,000 unless given), and
 * {@code meters} to compare the gateway with itself instead: the same payloads from 1 meter, then from 1000.
 * bench/mqtt-influx/run runs it.
 */
public final class MqttInfluxBench {

    private MqttInfluxBench() {
    }

    public static void main(String[] args) throws Exception {
        int payloads = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        boolean meters = args.length > 1 && args[1].equals("meters");
        Path dir = Files.createTempDirectory("mqtt-influx");
        try (MosquittoBroker broker = MosquittoBroker.start(Files.createDirectory(dir.resolve("mqtt")));
                InfluxServer influx = new InfluxServer(Files.createDirectory(dir.resolve("influx")))) {
            influx.start();
            for (String database : List.of("python", "paho", "meterbridge", "warmup", "one", "thousand")) {
                influx.query(database, "CREATE DATABASE " + database);
            }
            if (meters) {
                // the same gateway, the same number of payloads: from one meter, then from a thousand, after a first
                // run that warms the JVM up (otherwise the first of the two pays for the JIT)
                meterbridge(broker, influx, dir, "warmup", payloads, 10);
                double one = meterbridge(broker, influx, dir, "one", payloads, 1);
                double thousand = meterbridge(broker, influx, dir, "thousand", payloads, 1000);
                System.out.printf("%d Glow payloads over MQTT (QoS 1) into InfluxDB: 1 meter %.0f/s, 1000 meters %.0f/s; ratio %.2f%n",
                        payloads, one, thousand, thousand / one);
                return;
            }
            String port = broker.url().substring(broker.url().lastIndexOf(':') + 1);
            Process python = new ProcessBuilder("/usr/bin/python3", "bench/mqtt-influx/bridge.py", "127.0.0.1", port, influx.url(), "python")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("bridge.log").toFile()).start();
            Thread.sleep(2000);
            double peer = run(broker, influx, "python", payloads, 10, Instant.parse("2025-01-01T00:00:00Z"));
            python.destroy();
            double paho;
            try (PahoBridge bridge = new PahoBridge(broker.url(), influx.url(), "paho")) {
                paho = run(broker, influx, "paho", payloads, 10, Instant.parse("2025-01-01T00:00:00Z"));
            }
            double ours = meterbridge(broker, influx, dir, "meterbridge", payloads, 10);
            System.out.printf("%d Glow payloads over MQTT (QoS 1) into InfluxDB: Python bridge %.0f/s, the same bridge in Java on Paho %.0f/s,"
                    + " meterbridge %.0f/s; ratio %.2f (the Java bridge's %.2f)%n", payloads, peer, paho, ours, ours / peer, paho / peer);
        }
    }

    /** A gateway with the Glow example route and the InfluxDB sink, started and stopped around one run. */
    private static double meterbridge(MosquittoBroker broker, InfluxServer influx, Path dir, String database, int payloads, int devices)
            throws Exception {
        Main main = MeterbridgeMain.newMain();
        main.addOverrideProperty("camel.main.routes-include-pattern", "file:routes/examples/glow.camel.yaml");
        main.addOverrideProperty("hub.sinks", "direct:sink-influxdb");
        main.addOverrideProperty("influxdb.url", influx.url());
        main.addOverrideProperty("influxdb.database", database);
        main.addOverrideProperty("mqtt.broker", broker.url());
        main.addOverrideProperty("files.directory", dir.resolve("data-" + database).toString());
        main.addOverrideProperty("camel.server.enabled", "false");
        main.addOverrideProperty("camel.management.port", "0");
        main.start();
        try {
            Thread.sleep(2000);
            return run(broker, influx, database, payloads, devices, Instant.parse("2025-02-01T00:00:00Z"));
        } finally {
            main.stop();
        }
    }

    /** Publishes the payloads and returns how many a second reached InfluxDB, from the first publish. */
    private static double run(MosquittoBroker broker, InfluxServer influx, String database, int payloads, int devices, Instant from)
            throws Exception {
        // asynchronous, up to 1000 unacknowledged: a publisher waiting for each PUBACK was slower than either consumer
        MqttAsyncClient client = new MqttAsyncClient(broker.url(), "bench-publisher-" + database, new MemoryPersistence());
        client.connect(new MqttConnectionOptions()).waitForCompletion();
        Semaphore window = new Semaphore(1000);
        MqttActionListener released = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                window.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                window.release();
            }
        };
        long began = System.nanoTime();
        for (int i = 0; i < payloads; i++) {
            int device = i % devices;
            Instant time = from.plusSeconds(10L * (i / devices));
            String json = "{\"electricitymeter\":{\"timestamp\":\"" + time + "\",\"energy\":{\"import\":{\"cumulative\":" + (1000 + i / devices) + ".125,"
                    + "\"units\":\"kWh\"}},\"power\":{\"value\":0.5" + (device % 10) + ",\"units\":\"kW\"}}}";
            window.acquire();
            client.publish(String.format("glow/AABBCCDD%04d/SENSOR/electricitymeter", device), json.getBytes(StandardCharsets.UTF_8), 1, false, null, released);
        }
        window.acquire(1000); // every PUBACK back: the broker has them all
        double published = (System.nanoTime() - began) / 1e9;
        long until = System.nanoTime() + 300_000_000_000L;
        while (influx.count(database, "SELECT count(energy_import_kwh) FROM electricity") < payloads && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        long stored = influx.count(database, "SELECT count(energy_import_kwh) FROM electricity");
        client.disconnect().waitForCompletion();
        client.close();
        System.out.printf("%s: %d of %d in InfluxDB after %.2f s (all published after %.2f s)%n", database, stored, payloads, seconds, published);
        return stored / seconds;
    }
}
