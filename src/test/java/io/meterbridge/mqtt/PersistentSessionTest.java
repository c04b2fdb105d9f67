package io.meterbridge.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.testing.Await;
import io.meterbridge.testing.MosquittoBroker;
import io.meterbridge.testing.TestGateway;
import io.meterbridge.testing.WaterMeter;

/**
 * An MQTT source's persistent session against a real Mosquitto: what devices publish while the gateway is stopped is
 * kept by the broker and every message of it is read after the start (the stock Camel consumer lost the first ones).
 */
@Timeout(120)
class PersistentSessionTest {

    @TempDir
    Path dir;

    private Main gateway(MosquittoBroker broker, Path data) throws Exception {
        Main gateway = TestGateway.newMain();
        gateway.addOverrideProperty("camel.main.routes-include-pattern", "file:routes/*.camel.yaml,file:routes/examples/mqtt-json-ai-on-the-edge.camel.yaml");
        gateway.addOverrideProperty("camel.main.routes-exclude-pattern", "file:routes/p1.camel.yaml");
        gateway.addOverrideProperty("camel.server.port", String.valueOf(io.meterbridge.testing.FreePort.next()));
        gateway.addOverrideProperty("mqtt.broker", broker.url());
        gateway.addOverrideProperty("mqtt.client-id", "session-test");
        gateway.addOverrideProperty("hub.sinks", "direct:sink-csv");
        gateway.addOverrideProperty("files.directory", data.toString());
        gateway.start();
        return gateway;
    }

    @Test
    void everyMessageQueuedWhileTheGatewayWasStoppedArrives() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        try (MosquittoBroker broker = MosquittoBroker.start(Files.createDirectory(dir.resolve("broker")));
                CamelContext device = new DefaultCamelContext()) {
            device.start();
            ProducerTemplate publish = device.createProducerTemplate();
            String topic = "paho-mqtt5:watermeter/garden/json?brokerUrl=" + broker.url() + "&qos=1";
            Instant start = Instant.parse("2024-01-03T00:00:00Z");

            Main first = gateway(broker, data); // makes the session and its subscription
            publish.sendBody(topic, WaterMeter.reading(start, 0));
            Await.lines(data.resolve("readings-water-2024-01-03.csv"), 1 + 1, Duration.ofSeconds(30));
            first.stop();

            for (int i = 1; i <= 1000; i++) {
                publish.sendBody(topic, WaterMeter.reading(start, i));
            }
            Main second = gateway(broker, data);
            try {
                List<String> rows = Await.lines(data.resolve("readings-water-2024-01-03.csv"), 1 + 1001, Duration.ofSeconds(60));
                Thread.sleep(500); // a duplicate would have arrived by now
                rows = Files.readAllLines(data.resolve("readings-water-2024-01-03.csv"));
                assertThat(rows).hasSize(1 + 1001).doesNotHaveDuplicates();
            } finally {
                second.stop();
            }
        }
    }
}
