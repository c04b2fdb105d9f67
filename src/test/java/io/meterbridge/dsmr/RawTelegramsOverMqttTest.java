package io.meterbridge.dsmr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

import io.meterbridge.testing.MosquittoBroker;
import io.meterbridge.testing.TestGateway;

/**
 * A P1 reader that publishes each raw telegram to an MQTT topic (the ESPHome and other ESP firmwares do): the
 * shipped P1 source reads it with p1.uri set to the topic, through the same checks, repair and logs as a serial
 * port, against a real Mosquitto. A telegram damaged on the way is repaired or rejected, never stored as sent.
 */
@Timeout(90)
class RawTelegramsOverMqttTest {

    private static final Instant START = Instant.parse("2024-06-01T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void rawTelegramsFromATopicAreCheckedAndStored() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(Files.createDirectory(dir.resolve("mqtt")))) {
            Path data = dir.resolve("data");
            Main main = TestGateway.newMain();
            main.addOverrideProperty("files.directory", data.toString());
            main.addOverrideProperty("hub.sinks", "direct:sink-csv");
            main.addOverrideProperty("mqtt.broker", broker.url());
            main.addOverrideProperty("p1.uri", "paho-mqtt5:esp/p1/telegram?qos=1&clientId=gateway-raw-p1&{{mqtt.session}}");
            main.start();
            try (CamelContext device = new DefaultCamelContext()) {
                device.start();
                ProducerTemplate publish = device.createProducerTemplate();
                String topic = "paho-mqtt5:esp/p1/telegram?brokerUrl=" + broker.url() + "&qos=1";
                TelegramWriter meter = new TelegramWriter(11);
                Path csv = data.resolve("readings-electricity-2024-06-01.csv");
                // the first telegram makes the subscription: publish until the gateway has one
                int sent = 0;
                long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!Files.exists(csv) && System.nanoTime() < until) {
                    publish.sendBody(topic, meter.next(START.plusSeconds(sent++)));
                    Thread.sleep(300);
                }
                for (int i = 0; i < 5; i++) {
                    publish.sendBody(topic, meter.next(START.plusSeconds(sent++)));
                }
                byte[] damaged = meter.next(START.plusSeconds(sent++));
                damaged[damaged.length / 2] ^= 0x04; // a digit's bit flipped on the way
                publish.sendBody(topic, damaged);
                int expected = sent;
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                        .until(() -> validityRows(data) >= expected);
                List<String> rows = Files.readAllLines(csv);
                assertThat(rows.size() - 1).isBetween(expected - 1, expected);
                assertThat(rows.get(rows.size() - 1)).doesNotContain("accepted_invalid");
            } finally {
                main.stop();
            }
        }
    }

    /** Telegrams in the validity CSVs: every one is recorded, valid, repaired or rejected. */
    private static long validityRows(Path data) throws java.io.IOException {
        long rows = 0;
        try (var files = Files.newDirectoryStream(data, "validity-*.csv")) {
            for (Path f : files) {
                rows += Files.readAllLines(f).size() - 1;
            }
        }
        return rows;
    }
}
