package io.meterbridge.dlms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.dsmr.TelegramWriter;
import io.meterbridge.testing.Await;
import io.meterbridge.serial.SocatPair;
import io.meterbridge.testing.TestGateway;

/**
 * A Luxembourg user's setup, end to end: the shipped routes with routes/examples/p1-encrypted.camel.yaml in
 * place of p1.camel.yaml, an encrypted meter on a socat serial pair sending frames with garbage between them.
 * Every reading arrives; a replayed frame and a frame downgraded to "no tag" (0x20) are refused with their reason
 * in the validity CSV; the key never shows in the log.
 */
@Timeout(90)
class EncryptedSerialTest {

    private static final String KEY = "0123456789ABCDEF0123456789ABCDEF";

    @TempDir
    Path dir;

    @Test
    void everyReadingOfAnEncryptedMeterArrives() throws Exception {
        SocatPair.requireSocat();
        Path data = Files.createDirectory(dir.resolve("data"));
        try (SocatPair line = new SocatPair(Files.createDirectory(dir.resolve("tty")))) {
            line.plugIn();
            Main main = TestGateway.newMain();
            main.addOverrideProperty("camel.main.routes-include-pattern",
                    "file:routes/*.camel.yaml,file:routes/examples/p1-encrypted.camel.yaml");
            main.addOverrideProperty("camel.main.routes-exclude-pattern", "file:routes/p1.camel.yaml");
            main.addOverrideProperty("p1.uri", "serial:" + line.port() + "?framing=dlms");
            main.addOverrideProperty("p1.secret-key", KEY);
            main.addOverrideProperty("files.directory", data.toString());
            main.start();
            try {
                DlmsFrameWriter writer = new DlmsFrameWriter(HexFormat.of().parseHex(KEY),
                        HexFormat.of().parseHex(P1Decryptor.LUXEMBOURG_AUTHENTICATION_KEY), 1000);
                TelegramWriter meter = new TelegramWriter(8);
                Random random = new Random(8);
                Instant start = Instant.parse("2024-05-01T08:00:00Z");
                int telegrams = 30;
                byte[] firstFrame = null;
                for (int i = 0; i < telegrams; i++) {
                    ByteArrayOutputStream burst = new ByteArrayOutputStream();
                    byte[] garbage = new byte[random.nextInt(40)];
                    random.nextBytes(garbage);
                    burst.writeBytes(garbage);
                    byte[] frame = writer.next(meter.next(start.plusSeconds(i)));
                    firstFrame = firstFrame == null ? frame : firstFrame;
                    burst.writeBytes(frame);
                    line.send(burst.toByteArray());
                }
                line.send(firstFrame);
                byte[] downgraded = DlmsFrameWriter.withoutTag(firstFrame);
                downgraded[DlmsFrameWriter.SECURITY_CONTROL + 1] = 1; // a counter above the last one: only the missing tag stops it
                line.send(downgraded);
                List<String> rows = Await.lines(data.resolve("readings-electricity-2024-05-01.csv"), 1 + telegrams, Duration.ofSeconds(30));
                assertThat(rows).hasSize(1 + telegrams);
                for (int i = 0; i < telegrams; i++) {
                    assertThat(rows.get(1 + i)).startsWith(start.plusSeconds(i) + "," + TelegramWriter.EQUIPMENT_ID + ",valid,");
                }
                Path validity = Await.file(data, "validity-", Duration.ofSeconds(10));
                List<String> outcomes = Await.lines(validity, 1 + telegrams + 2, Duration.ofSeconds(30));
                assertThat(outcomes.subList(1 + telegrams, outcomes.size()))
                        .satisfiesExactly(replay -> assertThat(replay).contains(",rejected,").contains("replayed"),
                                forged -> assertThat(forged).contains(",rejected,").contains("security control 0x20"));
                assertThat(Files.readAllLines(data.resolve("readings-electricity-2024-05-01.csv"))).hasSize(1 + telegrams);
            } finally {
                main.stop();
            }
        }
        try (var files = Files.walk(data)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(KEY);
            }
        }
    }
}
