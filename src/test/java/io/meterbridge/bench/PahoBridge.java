package io.meterbridge.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

import io.meterbridge.reading.Json;

/**
 * bench/mqtt-influx/bridge.py line for line in Java, on the MQTT client meterbridge uses (Eclipse Paho, MQTT 5): the
 * most a gateway on this client could do with nothing between the payload and InfluxDB (no checks, no spool, no
 * routes). Glow electricity payloads in, InfluxDB 1.x line protocol out in batches of 1000 or every second.
 */
final class PahoBridge implements AutoCloseable {

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI write;
    private final MqttClient client;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<String> lines = new ArrayList<>();

    PahoBridge(String broker, String influx, String database) throws MqttException {
        write = URI.create(influx + "/write?db=" + database + "&precision=s");
        client = new MqttClient(broker, "paho-bridge", new MemoryPersistence());
        client.connect(new MqttConnectionOptions());
        // the array form: Paho 1.2.5's subscribe(topic, qos, listener) calls itself until the stack overflows
        client.subscribe(new MqttSubscription[] { new MqttSubscription("glow/+/SENSOR/electricitymeter", 1) },
                new IMqttMessageListener[] { this::messageArrived });
        timer.scheduleWithFixedDelay(this::flush, 1, 1, TimeUnit.SECONDS);
    }

    private void messageArrived(String topic, MqttMessage message) throws Exception {
        JsonNode meter = Json.MAPPER.readTree(message.getPayload()).get("electricitymeter");
        String line = "electricity,meter=" + topic.split("/")[1] + " energy_import_kwh=" + meter.at("/energy/import/cumulative").asText()
                + ",power_import_w=" + meter.at("/power/value").asDouble() * 1000 + " "
                + Instant.parse(meter.get("timestamp").asText()).getEpochSecond();
        boolean full;
        synchronized (lines) {
            lines.add(line);
            full = lines.size() >= 1000;
        }
        if (full) {
            flush();
        }
    }

    private void flush() {
        List<String> batch;
        synchronized (lines) {
            batch = new ArrayList<>(lines);
            lines.clear();
        }
        if (!batch.isEmpty()) {
            try {
                http.send(HttpRequest.newBuilder(write).POST(HttpRequest.BodyPublishers.ofString(String.join("\n", batch))).build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() throws MqttException {
        timer.shutdownNow();
        client.disconnect();
        client.close();
    }
}
