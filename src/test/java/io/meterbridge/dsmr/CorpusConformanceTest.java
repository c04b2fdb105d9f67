package io.meterbridge.dsmr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.meterbridge.framing.Frame;
import io.meterbridge.reading.Reading;

/**
 * What a telegram of the corpus holds beyond its readings, against its MANIFEST.md: dialects, versions, monthly peak
 * history, power failure log, billing record and M-Bus details. The readings themselves, every validity and every
 * value the sources give, are in each folder's expected.jsonl and checked by the conformance report (ConformanceTest).
 */
class CorpusConformanceTest {

    private final TelegramReader strict = new TelegramReader(null, true, false);
    private final TelegramReader lenient = new TelegramReader(null, true, true);

    private TelegramReader.Result read(String file) throws IOException {
        return strict.read(Corpus.read(file), Frame.Status.COMPLETE);
    }

    private static Map<String, Object> electricity(TelegramReader.Result r) {
        return r.telegram().getElectricity();
    }

    @Test
    void kaifaDsmr42LeavesPowerFailuresOfAnUnsetClockOut() throws IOException {
        Telegram t = read("dsmr_parser/v4_2_kaifa.txt").telegram();
        assertThat(t.getVersion()).isEqualTo("42");
        assertThat(t.mbus(1).deviceType).isEqualTo(3);
        // its log's three entries end on 4, 1 and 2 January 2000, times of a meter whose clock was not set yet: left
        // out, not stored as outages 16 years before the telegram
        assertThat(new String(Corpus.read("dsmr_parser/v4_2_kaifa.txt"), java.nio.charset.StandardCharsets.US_ASCII))
                .contains("1-0:99.97.0(3)(0-0:96.7.19)(000104180320W)");
        assertThat(t.getPowerFailures()).isEmpty();
    }

    @Test
    void iskraDsmr5WithGhostMbusChannel() throws IOException {
        Telegram t = read("dsmr_parser/v5_iskra_am550_two_mbus.txt").telegram();
        assertThat(t.mbus(1).time).as("1970 placeholder gives no time").isNull();
        assertThat(Normaliser.toReadings(t, null, Instant.EPOCH)).extracting(Reading::measurement).containsExactly("electricity", "gas");
    }

    @Test
    void belgianCapacityTariff() throws IOException {
        Telegram t = read("dsmr_parser/fluvius_v1_7_1.txt").telegram();
        assertThat(t.getDialect()).isEqualTo(Dialect.BE);
        assertThat(t.getVersion()).isEqualTo("50217");
        assertThat(t.getMonthlyPeaks()).extracting(Telegram.MonthlyPeak::powerW).containsExactly(3695.0, 5980.0, 4318.0);
        assertThat(t.getMonthlyPeaks().get(0).time()).isEqualTo(Instant.parse("2020-04-23T17:25:38Z"));
        assertThat(t.mbus(2).deviceType).isEqualTo(7);
    }

    @Test
    void belgianHistoryWithPlaceholderMonth() throws IOException {
        Telegram t = read("dsmr_parser/fluvius_v1_7_1_alt.txt").telegram();
        assertThat(t.getMonthlyPeaks()).extracting(Telegram.MonthlyPeak::month).contains(Instant.parse("2023-07-31T22:00:00Z"),
                Instant.parse("2023-10-31T23:00:00Z"));
    }

    @Test
    void iskraIrelandWithControlByteInHeader() throws IOException {
        TelegramReader.Result r = read("dsmr_parser/iskra_ie5t_octal_header.txt");
        assertThat(r.telegram().getDialect()).isEqualTo(Dialect.IE);
        // signed per-phase current from net power and voltage: (0.217 - 0.227) kW / 242.5 V
        assertThat((Double) electricity(r).get("current_signed_l1_a")).isCloseTo(-10 / 242.5, within(0.001));
    }

    @Test
    void hungarianEon() throws IOException {
        Telegram t = read("dsmr_parser/eon_hungary_sag5.txt").telegram();
        assertThat(t.getDialect()).isEqualTo(Dialect.HU);
        assertThat(t.getMeterTime()).isEqualTo(java.time.LocalDateTime.parse("2023-07-24T15:07:30").atZone(ZoneId.of("Europe/Budapest")).toInstant());
        assertThat(t.getBillingRecord()).hasSize(20);
    }

    @Test
    void dsmr22GasOnTheNextLine() throws IOException {
        Telegram t = read("dsmr_parser/v2_2_iskra_mt382.txt").telegram();
        assertThat(t.mbus(1).deviceType).isEqualTo(3);
        assertThat(t.mbus(1).unit).isEqualTo("m3");
    }

    @Test
    void luxembourgFourMbusChannels() throws IOException {
        Telegram t = lenient.read(Corpus.read("athombv-node-dsmr-parser/dsmr-luxembourgh-spec-example.txt"), Frame.Status.COMPLETE).telegram();
        assertThat(t.getDialect()).isEqualTo(Dialect.LU);
        assertThat(t.mbus(2).deviceType).isEqualTo(7);
        assertThat(t.getMalformedLines()).isEmpty();
    }

    @Test
    void aFrameWithoutItsEndGivesItsObjectsWhenParsedButNoReadingsFromAPort() throws IOException {
        Telegram t = new TelegramParser(null).parse(Corpus.read("athombv-node-dsmr-parser/iskra-mt-382-no-crc-with-text-message.txt"));
        assertThat(t.mbus(1).value).isEqualTo(13032.85);
        assertThat(new TelegramParser(null).parse(Corpus.read("gotsmart/landisgyr_xmx5_dsmr42_frame.txt")).mbus(1).value)
                .as("the gas value under an edited time").isEqualTo(1.234);
    }
}
