package io.meterbridge.dsmr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Moving a capture to now keeps every telegram exactly as valid, or exactly as damaged, as it was. */
class TelegramTimesTest {

    private final TelegramTimes times = new TelegramTimes();
    private final TelegramParser parser = new TelegramParser(TelegramWriter.ZONE);
    // from the capture's end of October 2024 to a winter afternoon: every S becomes W
    private final Duration shift = Duration.between(Instant.parse("2024-10-27T00:57:30Z"), Instant.parse("2026-12-04T15:00:00Z"));

    private static List<byte[]> demo() throws Exception {
        byte[] capture = Files.readAllBytes(Path.of("demo", "p1-capture.log"));
        List<byte[]> telegrams = new ArrayList<>();
        DsmrFramer framer = new DsmrFramer(16384);
        framer.feed(capture, 0, capture.length, f -> telegrams.add(f.bytes()));
        framer.finish(f -> telegrams.add(f.bytes()));
        return telegrams;
    }

    @Test
    void validTelegramsStayValidWithEveryTimeMovedAndTheRightSummerTimeFlag() throws Exception {
        int valid = 0;
        for (byte[] t : demo()) {
            Telegram before = parser.parse(t);
            if (before.getCrc() == null || before.getCrc().status() != CrcCheck.Status.VALID) {
                continue;
            }
            Telegram after = parser.parse(times.shift(t, shift));
            assertThat(after.getCrc().status()).isEqualTo(CrcCheck.Status.VALID);
            assertThat(after.getMeterTime()).isEqualTo(before.getMeterTime().plus(shift));
            assertThat(after.getMeterTimeText()).endsWith("W");
            assertThat(after.getMbus().get(0).time).isEqualTo(before.getMbus().get(0).time.plus(shift));
            assertThat(after.getElectricity()).isEqualTo(before.getElectricity());
            valid++;
        }
        assertThat(valid).isEqualTo(296);
    }

    @Test
    void theHourTheClocksGoBackKeepsItsSpacing() throws Exception {
        // 02:59:59 summer time and 02:00:00 winter time are one second apart, and stay so
        Instant summer = times.time("/ISK5\\2M550T-1012\r\n\r\n0-0:1.0.0(241027025959S)\r\n!".getBytes(StandardCharsets.US_ASCII));
        Instant winter = times.time("/ISK5\\2M550T-1012\r\n\r\n0-0:1.0.0(241027020000W)\r\n!".getBytes(StandardCharsets.US_ASCII));
        assertThat(Duration.between(summer, winter)).isEqualTo(Duration.ofSeconds(1));
        byte[] moved = times.shift("/ISK5\\2M550T-1012\r\n\r\n0-0:1.0.0(241027020000W)\r\n!".getBytes(StandardCharsets.US_ASCII),
                Duration.ofDays(-180));
        assertThat(new String(moved, StandardCharsets.US_ASCII)).contains("(240430030000S)"); // 01:00 UTC, in summer time
    }

    @Test
    void aDamagedTelegramStaysDamagedInTheSameBytesAndRepairsToTheMovedOriginal() throws Exception {
        int checked = 0;
        for (byte[] t : demo()) {
            Telegram parsed = parser.parse(t);
            if (parsed.getCrc() == null || parsed.getCrc().status() != CrcCheck.Status.VALID) {
                continue;
            }
            byte[] movedOriginal = times.shift(t, shift);
            String text = new String(t, StandardCharsets.US_ASCII);
            int power = text.indexOf("1-0:1.7.0(") + 12; // a digit of the power, outside every timestamp
            byte[] damaged = t.clone();
            damaged[power] ^= 0x04;
            byte[] movedDamaged = times.shift(damaged, shift);
            assertThat(parser.parse(movedDamaged).getCrc().status()).isEqualTo(CrcCheck.Status.INVALID);
            byte[] expected = movedOriginal.clone();
            expected[power] ^= 0x04;
            assertThat(movedDamaged).isEqualTo(expected);
            checked++;
        }
        assertThat(checked).isEqualTo(296);
    }

    @Test
    void twelveDigitValuesThatAreNoTimeAndTelegramsWithoutCrcAreLeftAlone() {
        String dsmr22 = "/KFM5KAIFA-METER\r\n\r\n0-0:96.1.1(999999999999)\r\n0-1:24.3.0(090212160000)(00)(60)(1)(0-1:24.2.1)(m3)\r\n(00000.000)\r\n!\r\n";
        String moved = new String(times.shift(dsmr22.getBytes(StandardCharsets.US_ASCII), Duration.ofDays(1)), StandardCharsets.US_ASCII);
        assertThat(moved).isEqualTo(dsmr22.replace("(090212160000)", "(090213160000)"));
    }
}
