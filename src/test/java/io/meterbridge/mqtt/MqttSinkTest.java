package io.meterbridge.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.reading.Json;
import io.meterbridge.spool.Spool;
import io.meterbridge.testing.Await;
import io.meterbridge.testing.MosquittoBroker;
import io.meterbridge.testing.TestGateway;

/**
 * The MQTT sink with the shipped routes, a real Mosquitto and mosquitto_sub reading back: the demo capture's
 * readings arrive on their topics, in order, with Home Assistant discovery configs and availability.
 */
@Timeout(120)
class MqttSinkTest {

    @TempDir
    Path dir;

    @Test
    void readingsDiscoveryAndAvailabilityAsHomeAssistantSeesThem() throws Exception {
        Path received = dir.resolve("received.txt");
        try (MosquittoBroker broker = MosquittoBroker.start(Files.createDirectory(dir.resolve("broker")))) {
            Process subscriber = broker.subscribe(received, "meterbridge/#", "homeassistant/#");
            try {
                Thread.sleep(500); // let mosquitto_sub subscribe
                Main gateway = TestGateway.newMain();
                gateway.addOverrideProperty("hub.sinks", "direct:sink-mqtt");
                gateway.addOverrideProperty("mqtt.broker", broker.url());
                gateway.addOverrideProperty("files.directory", Files.createDirectory(dir.resolve("data")).toString());
                gateway.addOverrideProperty("p1.uri", "replay:demo/p1-capture.log");
                gateway.start();
                // 298 electricity and 298 gas readings, their discovery configs and online
                Await.lines(received, 596 + 30, Duration.ofSeconds(30));
                Thread.sleep(500);
                gateway.stop(); // publishes offline
                Thread.sleep(500);
                List<String> lines = Files.readAllLines(received, StandardCharsets.UTF_8);
                List<String> electricity = lines.stream().filter(l -> l.startsWith("meterbridge/E0044007382246019/electricity ")).toList();
                List<String> gas = lines.stream().filter(l -> l.startsWith("meterbridge/G0039001936990619/gas ")).toList();
                assertThat(electricity).hasSize(298);
                assertThat(gas).hasSize(298);
                JsonNode first = Json.MAPPER.readTree(electricity.get(0).substring(electricity.get(0).indexOf(' ') + 1));
                assertThat(first.get("time").asText()).isEqualTo("2024-10-27T00:57:30Z");
                assertThat(first.get("fields").get("energy_import_kwh").asDouble()).isEqualTo(6375.582);
                // in order: the meter's clock never goes back in the published stream
                List<String> times = electricity.stream().map(l -> l.replaceAll(".*\"time\":\"([^\"]+)\".*", "$1")).toList();
                assertThat(times).isSorted();

                String configLine = lines.stream()
                        .filter(l -> l.startsWith("homeassistant/sensor/meterbridge_e0044007382246019/electricity_energy_import_kwh/config "))
                        .findFirst().orElseThrow();
                JsonNode config = Json.MAPPER.readTree(configLine.substring(configLine.indexOf(' ') + 1));
                assertThat(config.get("device_class").asText()).isEqualTo("energy");
                assertThat(config.get("state_class").asText()).isEqualTo("total_increasing");
                assertThat(config.get("unit_of_measurement").asText()).isEqualTo("kWh");
                assertThat(config.get("state_topic").asText()).isEqualTo("meterbridge/E0044007382246019/electricity");
                assertThat(config.get("value_template").asText()).isEqualTo("{{ value_json.fields.energy_import_kwh | default(this.state) }}");
                assertThat(config.get("default_entity_id").asText()).isEqualTo("sensor.meterbridge_e0044007382246019_electricity_energy_import_kwh");
                assertThat(config.has("object_id")).as("object_id is deprecated in Home Assistant").isFalse();
                assertThat(config.get("availability_topic").asText()).isEqualTo("meterbridge/status");
                assertThat(config.get("device").get("identifiers").get(0).asText()).isEqualTo("meterbridge_e0044007382246019_electricity");
                JsonNode power = config(lines, "homeassistant/sensor/meterbridge_e0044007382246019/electricity_power_import_w/config");
                assertThat(power.get("device_class").asText()).isEqualTo("power");
                assertThat(power.get("state_class").asText()).isEqualTo("measurement");
                assertThat(power.get("expire_after").asInt()).as("a silent meter shows unavailable").isEqualTo(3900);
                JsonNode volume = config(lines, "homeassistant/sensor/meterbridge_g0039001936990619/gas_volume_m3/config");
                assertThat(volume.get("device_class").asText()).isEqualTo("gas");
                assertThat(volume.get("unit_of_measurement").asText()).isEqualTo("m³");
                // each config once, before the first reading that uses it
                assertThat(lines.stream().filter(l -> l.startsWith("homeassistant/sensor/meterbridge_e0044007382246019/electricity_energy_import_kwh/config ")))
                        .hasSize(1);
                assertThat(lines.indexOf(configLine)).isLessThan(lines.indexOf(electricity.get(0)));

                assertThat(lines).contains("meterbridge/status online", "meterbridge/status offline");
                assertThat(lines.subList(lines.size() - 2, lines.size())).as("offline after the last reading").contains("meterbridge/status offline");
                assertThat(lines.get(lines.size() - 1)).as("nothing after going offline but offline").isEqualTo("meterbridge/status offline");
            } finally {
                subscriber.destroy();
            }
        }
    }

    @Test
    void anOutageWithARestartDeliversEveryReadingInOrder() throws Exception {
        Path received = dir.resolve("received.txt");
        Instant start = Instant.parse("2024-06-01T10:00:00Z");
        try (MosquittoBroker broker = MosquittoBroker.start(Files.createDirectory(dir.resolve("broker")))) {
            // a subscriber with a persistent session: what it misses while the broker is away is queued for it
            Process subscriber = broker.subscribe(received, true, "meterbridge/+/electricity");
            try {
                Thread.sleep(500);
                Main first = gateway(broker, capture("first.log", start, 0, 150), 20);
                first.start();
                try {
                    Await.lines(received, 40, Duration.ofSeconds(30));
                    broker.stop(); // down mid-stream; the rest of the first half goes to the spool
                    Spool spool = first.getCamelContext().getRegistry().lookupByNameAndType("mqttSpool", Spool.class);
                    // 150 telegrams, electricity and gas each
                    await("the whole first capture read").atMost(Duration.ofSeconds(30)).until(() -> spool.spooled() >= 300);
                } finally {
                    first.stop(); // and the gateway restarts while the broker is down
                }
                Main second = gateway(broker, capture("second.log", start, 150, 300), 5);
                second.start();
                try {
                    Thread.sleep(2000);
                    broker.restart();
                    Await.lines(received, 300, Duration.ofSeconds(60));
                    Thread.sleep(1000);
                } finally {
                    second.stop();
                }
            } finally {
                subscriber.destroy();
            }
        }
        List<String> times = Files.readAllLines(received, StandardCharsets.UTF_8).stream()
                .map(l -> l.replaceAll(".*\"time\":\"([^\"]+)\".*", "$1")).distinct().toList();
        // at least once: every reading; in order: first arrivals in the meter's order
        assertThat(times).hasSize(300).isSorted();
        assertThat(times.get(0)).isEqualTo(start.toString());
        assertThat(times.get(299)).isEqualTo(start.plusSeconds(299).toString());
    }

    private Path capture(String name, Instant start, int from, int to) throws Exception {
        return io.meterbridge.dsmr.TelegramWriter.capture(dir.resolve(name), 33, start, from, to);
    }

    private Main gateway(MosquittoBroker broker, Path capture, long delay) throws Exception {
        Main main = TestGateway.newMain();
        main.addOverrideProperty("hub.sinks", "direct:sink-mqtt");
        main.addOverrideProperty("mqtt.broker", broker.url());
        main.addOverrideProperty("p1.uri", "replay:" + capture + "?delay=" + delay);
        main.addOverrideProperty("files.directory", dir.resolve("data").toString());
        return main;
    }

    private static JsonNode config(List<String> lines, String topic) throws Exception {
        String line = lines.stream().filter(l -> l.startsWith(topic + " ")).findFirst().orElseThrow(() -> new AssertionError("no " + topic));
        return Json.MAPPER.readTree(line.substring(line.indexOf(' ') + 1));
    }

    /** mqtt.interval wired through the sink: the demo's 298 readings a meter sent once a second become far fewer. */
    @Test
    void anIntervalMakesFewerMessages() throws Exception {
        Path received = dir.resolve("throttled.txt");
        try (MosquittoBroker broker = MosquittoBroker.start(Files.createDirectory(dir.resolve("broker2")))) {
            Process subscriber = broker.subscribe(received, "meterbridge/+/electricity");
            try {
                Thread.sleep(500); // let mosquitto_sub subscribe
                Main gateway = demo(broker, "data2", "mqtt.interval", "60000");
                try {
                    Await.lines(received, 5, Duration.ofSeconds(30));
                    Thread.sleep(2000); // everything the replay gave is published by now
                } finally {
                    gateway.stop();
                }
            } finally {
                subscriber.destroy();
            }
            long messages = Files.readAllLines(received).size();
            assertThat(messages).as("electricity messages for 298 readings").isBetween(5L, 298L / 2);
        }
    }

    /** mqtt.layout = dsmr-reader through the sink: DSMR-reader's split topics on a real broker, and no discovery. */
    @Test
    void theDsmrReaderLayoutOnTheBroker() throws Exception {
        Path received = dir.resolve("dsmr-reader.txt");
        try (MosquittoBroker broker = MosquittoBroker.start(Files.createDirectory(dir.resolve("broker3")))) {
            Process subscriber = broker.subscribe(received, "dsmr/#", "homeassistant/#", "meterbridge/#");
            try {
                Thread.sleep(500); // let mosquitto_sub subscribe
                Main gateway = demo(broker, "data3", "mqtt.layout", "dsmr-reader");
                try {
                    Await.lines(received, 298 * 3, Duration.ofSeconds(30));
                } finally {
                    gateway.stop();
                }
            } finally {
                subscriber.destroy();
            }
            List<String> lines = Files.readAllLines(received);
            assertThat(lines).allMatch(l -> l.startsWith("dsmr/reading/"));
            List<Double> kw = lines.stream().filter(l -> l.startsWith("dsmr/reading/electricity_currently_delivered "))
                    .map(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).toList();
            assertThat(kw).hasSize(298).allMatch(v -> v >= 0 && v < 50, "in kW");
            assertThat(lines).anyMatch(l -> l.startsWith("dsmr/reading/extra_device_delivered "));
        }
    }

    /** The demo replayed at once into the MQTT sink on this broker, with one more setting; started. */
    private Main demo(MosquittoBroker broker, String data, String setting, String value) throws Exception {
        Main gateway = TestGateway.newMain();
        gateway.addOverrideProperty("hub.sinks", "direct:sink-mqtt");
        gateway.addOverrideProperty("mqtt.broker", broker.url());
        gateway.addOverrideProperty(setting, value);
        gateway.addOverrideProperty("files.directory", Files.createDirectory(dir.resolve(data)).toString());
        gateway.addOverrideProperty("p1.uri", "replay:demo/p1-capture.log");
        gateway.start();
        return gateway;
    }
}
