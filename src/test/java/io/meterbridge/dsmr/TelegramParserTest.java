package io.meterbridge.dsmr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Random;

import org.junit.jupiter.api.Test;

class TelegramParserTest {

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    private final TelegramParser parser = new TelegramParser(AMSTERDAM);

    private Telegram parse(byte[] bytes) {
        return parser.parse(bytes);
    }

    @Test
    void summerAndWinterSuffixResolveTheRepeatedAutumnHour() {
        // 2024-10-27 02:30 happens twice in Amsterdam: first in summer time (UTC+2), then in winter time (UTC+1)
        assertThat(parse(Telegrams.withCrc("0-0:1.0.0(241027023000S)")).getMeterTime()).isEqualTo(Instant.parse("2024-10-27T00:30:00Z"));
        assertThat(parse(Telegrams.withCrc("0-0:1.0.0(241027023000W)")).getMeterTime()).isEqualTo(Instant.parse("2024-10-27T01:30:00Z"));
        assertThat(parse(Telegrams.withCrc("0-0:1.0.0(240701120000S)")).getMeterTime()).isEqualTo(Instant.parse("2024-07-01T10:00:00Z"));
        assertThat(parse(Telegrams.withCrc("0-0:1.0.0(240101120000W)")).getMeterTime()).isEqualTo(Instant.parse("2024-01-01T11:00:00Z"));
    }

    @Test
    void placeholderTimesGiveNoTime() {
        for (String placeholder : new String[] { "632525252525W", "700101010000W", "000101000001W", "240231120000W",
                "2401011200", "24010112000XW", "240101126000W" }) {
            Telegram t = parse(Telegrams.withCrc("0-0:1.0.0(" + placeholder + ")", "0-1:24.1.0(003)",
                    "0-1:24.2.1(" + placeholder + ")(00001.000*m3)"));
            assertThat(t.getMeterTime()).as(placeholder).isNull();
            assertThat(t.mbus(1).time).as(placeholder).isNull();
            assertThat(Normaliser.toReadings(t, null, Instant.EPOCH)).as("no gas reading without a real time").isEmpty();
        }
    }

    @Test
    void unitsAreConvertedAndMayBeMissing() {
        Telegram t = parse(Telegrams.withCrc("1-0:1.8.1(000123.456*kWh)", "1-0:1.8.2(123456*Wh)", "1-0:1.7.0(01.500*kW)",
                "1-0:2.7.0(250*W)", "1-0:32.7.0(230.1)", "1-0:3.8.0(000001.000*kvarh)"));
        assertThat(t.getElectricity()).containsEntry("energy_import_t1_kwh", 123.456).containsEntry("energy_import_t2_kwh", 123.456)
                .containsEntry("energy_import_kwh", 246.912).containsEntry("power_import_w", 1500.0)
                .containsEntry("power_export_w", 250.0).containsEntry("voltage_l1_v", 230.1)
                .containsEntry("power_net_w", 1250.0).containsEntry("reactive_energy_import_kvarh", 1.0);
        assertThat(t.getMalformedLines()).isEmpty();
    }

    /**
     * Fluvius e-MUCS meters (Belgium) that write the unit straight after the number, with no '*' (IEC 62056-21 allows
     * the value and unit to be told apart by the unit's first letter): every register is read as with the '*'.
     */
    @Test
    void aUnitWrittenWithoutItsStarIsRead() {
        Telegram t = parse(Telegrams.withCrc("1-0:1.8.1(000123.456kWh)", "1-0:2.8.1(000001.500kWh)", "1-0:1.7.0(01.500kW)",
                "1-0:32.7.0(230.1V)", "1-0:31.7.0(002.30A)", "0-1:24.2.3(240101120000W)(00012.345m3)", "0-0:96.14.0(0002)"));
        assertThat(t.getElectricity()).containsEntry("energy_import_t1_kwh", 123.456).containsEntry("energy_export_t1_kwh", 1.5)
                .containsEntry("power_import_w", 1500.0).containsEntry("voltage_l1_v", 230.1).containsEntry("current_l1_a", 2.3)
                .containsEntry("tariff", 2L);
        assertThat(t.mbus.values()).singleElement().satisfies(d -> {
            assertThat(d.value).isEqualTo(12.345);
            assertThat(d.unit).isEqualTo("m3");
        });
        assertThat(t.getMalformedLines()).isEmpty();
        // a unit that does not fit is still refused, star or not
        assertThat(parse(Telegrams.withCrc("1-0:1.8.1(000123.456m3)")).getMalformedLines()).hasSize(1);
    }

    /**
     * Older Luxembourg Smarty telegrams give no unit at all: the unit is the one the register's definition gives (kWh
     * for energy, kW for power, V, A), so power is not read as watts, a thousand times too small.
     */
    @Test
    void aValueWithoutAUnitIsInTheRegistersOwnUnit() {
        Telegram t = parse(Telegrams.withCrc("1-0:1.8.0(000123.456)", "1-0:1.7.0(01.500)", "1-0:2.7.0(00.250)", "1-0:32.7.0(230.1)",
                "1-0:31.7.0(002)"));
        assertThat(t.getElectricity()).containsEntry("energy_import_kwh", 123.456).containsEntry("power_import_w", 1500.0)
                .containsEntry("power_export_w", 250.0).containsEntry("voltage_l1_v", 230.1).containsEntry("current_l1_a", 2.0);
        assertThat(t.getMalformedLines()).isEmpty();
    }

    @Test
    void aUnitThatDoesNotFitIsMalformedNotAWrongValue() {
        Telegram t = parse(Telegrams.withCrc("1-0:1.8.1(000123.456*m3)"));
        assertThat(t.getElectricity()).doesNotContainKey("energy_import_t1_kwh");
        assertThat(t.getMalformedLines()).hasSize(1);
    }

    @Test
    void mbusOnAnyChannel() {
        Telegram t = parse(Telegrams.withCrc("0-4:24.1.0(007)", "0-4:96.1.0(3030)", "0-4:24.2.1(240101120000W)(00012.345*m3)",
                "0-3:24.1.0(003)", "0-3:24.2.3(240101120000W)(00100.001*m3)"));
        assertThat(t.mbus(4).deviceType).isEqualTo(7);
        assertThat(Normaliser.toReadings(t, "home", Instant.EPOCH)).extracting(r -> r.measurement() + "/" + r.tag("channel") + "/" + r.tag("meter"))
                .containsExactly("gas/3/home-mbus3", "water/4/00");
    }

    @Test
    void textMessageWrappedOverTwoLinesIsJoined() {
        Telegram t = parse(Telegrams.withCrc("0-0:96.13.0(48656C6C6F2C20\r\n776F726C6421)", "1-0:1.7.0(00.100*kW)"));
        assertThat(t.getElectricity()).containsEntry("text_message", "Hello, world!").containsEntry("power_import_w", 100.0);
        assertThat(t.getMalformedLines()).isEmpty();
    }

    @Test
    void unknownCodesAreKeptAndNeverFatal() {
        Telegram t = parse(Telegrams.withCrc("1-0:1.7.0(00.100*kW)", "1-0:99.1.0(42)", "7-0:3.0.0(1)"));
        assertThat(t.getUnknownLines()).containsExactly("1-0:99.1.0(42)", "7-0:3.0.0(1)");
        assertThat(t.getElectricity()).containsEntry("power_import_w", 100.0);
    }

    @Test
    void crcWithOneToFourHexDigits() {
        byte[] body = "/X\r\n\r\n1-0:1.7.0(00.100*kW)\r\n!".getBytes(StandardCharsets.US_ASCII);
        int crc = Crc16Arc.compute(body, 0, body.length);
        String text = Integer.toHexString(crc).toUpperCase();
        assertThat(parse((new String(body, StandardCharsets.US_ASCII) + text + "\r\n").getBytes(StandardCharsets.US_ASCII))
                .getCrc().status()).isEqualTo(CrcCheck.Status.VALID);
        assertThat(new CrcCheck("+" + text.substring(1), crc).status()).as("a sign is not a digit").isEqualTo(CrcCheck.Status.INVALID);
        assertThat(new CrcCheck("0B9F", 0x0B9F).status()).isEqualTo(CrcCheck.Status.VALID);
        assertThat(new CrcCheck("B9F", 0x0B9F).status()).isEqualTo(CrcCheck.Status.VALID);
        assertThat(new CrcCheck("b9f", 0x0B9F).status()).isEqualTo(CrcCheck.Status.VALID);
        assertThat(new CrcCheck("", 0x0B9F).status()).isEqualTo(CrcCheck.Status.ABSENT);
    }

    @Test
    void signedCurrentAndNetPowerPerPhase() {
        Telegram t = parse(Telegrams.withCrc("1-0:32.7.0(230.0*V)", "1-0:31.7.0(002*A)", "1-0:21.7.0(00.000*kW)", "1-0:22.7.0(00.460*kW)"));
        assertThat(t.getElectricity()).containsEntry("power_net_l1_w", -460.0).containsEntry("current_signed_l1_a", -2.0);
    }

    @Test
    void hostileInputNeverThrows() {
        Random random = new Random(7);
        byte[] valid = new TelegramWriter(1).next(Instant.parse("2024-01-01T00:00:00Z"));
        for (int i = 0; i < 20_000; i++) {
            byte[] input;
            switch (i % 4) {
                case 0 -> {
                    input = new byte[random.nextInt(2000)];
                    random.nextBytes(input);
                }
                case 1 -> input = java.util.Arrays.copyOf(valid, random.nextInt(valid.length));
                case 2 -> {
                    input = valid.clone();
                    for (int k = 0; k < 1 + random.nextInt(20); k++) {
                        input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                    }
                }
                default -> {
                    // deep and long: thousands of groups, parentheses without end, huge numbers
                    String evil = "/X\r\n1-0:1.8.1" + "(1".repeat(random.nextInt(3000)) + "\r\n1-0:1.7.0(" + "9".repeat(400) + "*kW)\r\n!";
                    input = evil.getBytes(StandardCharsets.US_ASCII);
                }
            }
            byte[] in = input;
            assertThatCode(() -> new TelegramReader(null, true, false).read(in, io.meterbridge.framing.Frame.Status.COMPLETE))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void oversizedNumbersAreMalformedNotOverflowed() {
        Telegram t = parse(Telegrams.withCrc("1-0:1.8.1(" + "9".repeat(30) + "*kWh)"));
        assertThat(t.getElectricity()).doesNotContainKey("energy_import_t1_kwh");
        assertThat(t.getMalformedLines()).hasSize(1);
    }
}
