package io.meterbridge.dlms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import org.apache.camel.ServiceStatus;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.dsmr.TelegramWriter;
import io.meterbridge.testing.Await;
import io.meterbridge.testing.MosquittoBroker;
import io.meterbridge.testing.TestGateway;

/**
 * The central-decryption wiring with the shipped example routes and a real Mosquitto: one gateway publishes the
 * encrypted frames it reads (here from a capture) without the key; another, holding the key, decrypts them
 * from MQTT and delivers every reading.
 */
@Timeout(120)
class EncryptedOverMqttTest {

    private static final String KEY = "0123456789ABCDEF0123456789ABCDEF";
    private static final Instant START = Instant.parse("2024-05-02T08:00:00Z");

    @TempDir
    Path dir;

    @Test
    void framesPublishedRawAreDecryptedCentrally() throws Exception {
        int telegrams = 20;
        Path capture = capture(telegrams);
        Path data = Files.createDirectory(dir.resolve("data"));

        try (MosquittoBroker broker = MosquittoBroker.start(Files.createDirectory(dir.resolve("broker")))) {
            Main central = central(broker, data);
            Main device = TestGateway.newMain();
            try {
                awaitStarted(central, "p1-from-mqtt");
                device.addOverrideProperty("camel.main.routes-include-pattern", "file:routes/examples/p1-encrypted-to-mqtt.camel.yaml");
                device.addOverrideProperty("camel.main.name", "device");
                device.addOverrideProperty("mqtt.broker", broker.url());
                device.addOverrideProperty("p1.uri", "replay:" + capture + "?framing=dlms&delay=20");
                device.addOverrideProperty("files.directory", dir.resolve("device").toString());
                device.start();

                List<String> rows = Await.lines(data.resolve("readings-electricity-2024-05-02.csv"), 1 + telegrams, Duration.ofSeconds(30));
                assertThat(rows).hasSize(1 + telegrams);
                for (int i = 0; i < telegrams; i++) {
                    assertThat(rows.get(1 + i)).startsWith(START.plusSeconds(i) + "," + TelegramWriter.EQUIPMENT_ID + ",valid,");
                }
            } finally {
                device.stop();
                central.stop();
            }
        }
    }

    /** The relay at the meter spools while its broker is down: every frame arrives, in order, once it is back. */
    @Test
    void framesWaitOnTheDeviceWhileTheBrokerIsDown() throws Exception {
        int telegrams = 15;
        Path capture = capture(telegrams);
        Path data = Files.createDirectory(dir.resolve("data"));
        Path deviceData = Files.createDirectory(dir.resolve("device"));

        try (MosquittoBroker broker = MosquittoBroker.start(Files.createDirectory(dir.resolve("broker")))) {
            // the central gateway makes its session and goes; the broker keeps the session while it is down too, and
            // a central started after the outage takes it up (Paho's own reconnect back-off is shared by every client
            // of a JVM and may have grown to minutes in a test run: not what this test is about)
            Main first = central(broker, data);
            awaitStarted(first, "p1-from-mqtt");
            first.stop();
            broker.stop();
            Main device = TestGateway.newMain();
            Main central = null;
            try {
                device.addOverrideProperty("camel.main.routes-include-pattern", "file:routes/examples/p1-encrypted-to-mqtt.camel.yaml");
                device.addOverrideProperty("camel.main.name", "device");
                device.addOverrideProperty("mqtt.broker", broker.url());
                device.addOverrideProperty("files.directory", deviceData.toString());
                device.addOverrideProperty("p1.uri", "replay:" + capture + "?framing=dlms&delay=20");
                device.start();
                Path spool = deviceData.resolve("spool/p1-raw");
                for (long until = System.nanoTime() + 20_000_000_000L; System.nanoTime() < until && count(spool) < telegrams;) {
                    Thread.sleep(100);
                }
                assertThat(count(spool)).as("frames waiting on the device").isEqualTo(telegrams);

                broker.restart();
                central = central(broker, data);
                List<String> rows = Await.lines(data.resolve("readings-electricity-2024-05-02.csv"), 1 + telegrams, Duration.ofSeconds(60));
                assertThat(rows).hasSize(1 + telegrams);
                for (int i = 0; i < telegrams; i++) {
                    assertThat(rows.get(1 + i)).startsWith(START.plusSeconds(i) + "," + TelegramWriter.EQUIPMENT_ID + ",valid,");
                }
                assertThat(count(spool)).isZero();
            } finally {
                device.stop();
                if (central != null) {
                    central.stop();
                }
            }
        }
    }

    /** A capture of one encrypted frame a second from {@code start}, as a Smarty meter sends them. */
    private Path capture(int telegrams) throws Exception {
        DlmsFrameWriter writer = new DlmsFrameWriter(HexFormat.of().parseHex(KEY),
                HexFormat.of().parseHex(P1Decryptor.LUXEMBOURG_AUTHENTICATION_KEY), 1);
        TelegramWriter meter = new TelegramWriter(12);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < telegrams; i++) {
            bytes.writeBytes(writer.next(meter.next(START.plusSeconds(i))));
        }
        return Files.write(dir.resolve("encrypted.bin"), bytes.toByteArray());
    }

    private Main central(MosquittoBroker broker, Path data) throws Exception {
        Main central = TestGateway.newMain();
        central.addOverrideProperty("camel.main.routes-include-pattern",
                "file:routes/*.camel.yaml,file:routes/examples/p1-encrypted-from-mqtt.camel.yaml");
        central.addOverrideProperty("camel.main.routes-exclude-pattern", "file:routes/p1.camel.yaml");
        central.addOverrideProperty("camel.main.name", "central");
        central.addOverrideProperty("mqtt.broker", broker.url());
        central.addOverrideProperty("p1.secret-key", KEY);
        central.addOverrideProperty("files.directory", data.toString());
        central.start();
        return central;
    }

    /** Frames waiting in the relay's spool: a Base64 line each, in sealed batches and the one being filled. */
    private static long count(Path spool) throws java.io.IOException {
        if (!Files.isDirectory(spool)) {
            return 0;
        }
        long frames = 0;
        try (var files = Files.list(spool)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches(".*\\.b64(\\.part)?")).toList()) {
                frames += Files.readAllLines(f).stream().filter(l -> !l.isBlank()).count();
            }
        }
        return frames;
    }

    private static void awaitStarted(Main main, String routeId) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < until) {
            if (main.getCamelContext() != null && main.getCamelContext().getRouteController().getRouteStatus(routeId) == ServiceStatus.Started) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(routeId + " did not start");
    }
}
