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
 * them all. Prints both rates and their ratio. Argument: the number of payloads (20,000 unless given).
 * bench/mqtt-influx runs it.
 */
public final class MqttInfluxBench {

    private MqttInfluxBench() {
    }

    public static void main(String[] args) throws Exception {
        int payloads = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Path dir = Files.createTempDirectory("mqtt-influx");
        try (MosquittoBroker broker = MosquittoBroker.start(Files.createDirectory(dir.resolve("mqtt")));
                InfluxServer influx = new InfluxServer(Files.createDirectory(dir.resolve("influx")))) {
            influx.start();
            influx.query("python", "CREATE DATABASE python");
            influx.query("meterbridge", "CREATE DATABASE meterbridge");
            String port = broker.url().substring(broker.url().lastIndexOf(':') + 1);
            Process python = new ProcessBuilder("/usr/bin/python3", "bench/mqtt-influx/bridge.py", "127.0.0.1", port, influx.url(), "python")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("bridge.log").toFile()).start();
            Thread.sleep(2000);
            double peer = run(broker, influx, "python", payloads, Instant.parse("2025-01-01T00:00:00Z"));
            python.destroy();

            Main main = MeterbridgeMain.newMain();
            main.addOverrideProperty("camel.main.routes-include-pattern", "file:routes/examples/glow.camel.yaml");
            main.addOverrideProperty("hub.sinks", "direct:sink-influxdb");
            main.addOverrideProperty("influxdb.url", influx.url());
            main.addOverrideProperty("influxdb.database", "meterbridge");
            main.addOverrideProperty("mqtt.broker", broker.url());
            main.addOverrideProperty("files.directory", dir.resolve("data").toString());
            main.addOverrideProperty("camel.server.enabled", "false");
            main.addOverrideProperty("camel.management.port", "0");
            main.start();
            Thread.sleep(2000);
            double ours = run(broker, influx, "meterbridge", payloads, Instant.parse("2025-02-01T00:00:00Z"));
            main.stop();
            System.out.printf("%d Glow payloads over MQTT (QoS 1) into InfluxDB: Python bridge %.0f/s, meterbridge %.0f/s; ratio %.2f%n",
                    payloads, peer, ours, ours / peer);
        }
    }

    /** Publishes the payloads and returns how many a second reached InfluxDB, from the first publish. */
    private static double run(MosquittoBroker broker, InfluxServer influx, String database, int payloads, Instant from) throws Exception {
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
            int device = i % 10;
            Instant time = from.plusSeconds(10L * (i / 10));
            String json = "{\"electricitymeter\":{\"timestamp\":\"" + time + "\",\"energy\":{\"import\":{\"cumulative\":" + (1000 + i / 10) + ".125,"
                    + "\"units\":\"kWh\"}},\"power\":{\"value\":0.5" + device + ",\"units\":\"kW\"}}}";
            window.acquire();
            client.publish("glow/AABBCCDDEE0" + device + "/SENSOR/electricitymeter", json.getBytes(StandardCharsets.UTF_8), 1, false, null, released);
        }
        long until = System.nanoTime() + 300_000_000_000L;
        while (influx.count(database, "SELECT count(energy_import_kwh) FROM electricity") < payloads && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        long stored = influx.count(database, "SELECT count(energy_import_kwh) FROM electricity");
        client.disconnect().waitForCompletion();
        client.close();
        System.out.printf("%s: %d of %d in InfluxDB after %.2f s%n", database, stored, payloads, seconds);
        return stored / seconds;
    }
}
