package io.meterbridge.dsmr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.meterbridge.framing.Frame;
import io.meterbridge.reading.Reading;

/**
 * Every telegram of the shared corpus, checked against the values its MANIFEST.md lists (the source projects'
 * own test expectations). Telegrams with a valid CRC must come out valid; those whose CRC is known wrong must be
 * rejected, and still decode with the expected values when asked to accept them.
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

    @ParameterizedTest
    @ValueSource(strings = { "dsmr_parser/v4_2_kaifa.txt", "dsmr_parser/v5_iskra_mt382.txt",
            "dsmr_parser/v5_iskra_am550_two_mbus.txt", "dsmr_parser/v5_warmtelink_heat_unpadded_crc.txt",
            "dsmr_parser/fluvius_v1_7_1.txt", "dsmr_parser/fluvius_v1_7_1_alt.txt",
            "dsmr_parser/sagemcom_t210_d_r_austria_plain.txt", "dsmr_parser/iskra_ie5t_octal_header.txt",
            "dsmr_parser/eon_hungary_sag5.txt", "athombv-node-dsmr-parser/dsmr-4.0-isk-2.txt",
            "athombv-node-dsmr-parser/dsmr-4.2-kfm-1.txt", "athombv-node-dsmr-parser/dsmr-5.0-isk-1.txt",
            "arduino-dsmr/kaifa_dsmr40_parse_example.txt", "arduino-dsmr/kaifa_minimal_example.txt",
            "esphome-libs-dsmr_parser/encrypted_packet_sagemcom_t210.plain.txt" })
    void validCrcTelegramsAreValidAndClean(String file) throws IOException {
        TelegramReader.Result r = read(file);
        assertThat(r.validity()).isEqualTo(Validity.VALID);
        assertThat(r.telegram().getMalformedLines()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "athombv-node-dsmr-parser/dsmr-4.0-isk-1.txt", "athombv-node-dsmr-parser/dsmr-4.0-spec-example.txt",
            "athombv-node-dsmr-parser/dsmr-4.2-xmx-1.txt", "athombv-node-dsmr-parser/dsmr-4.2.2-spec-example.txt",
            "athombv-node-dsmr-parser/dsmr-5.0-ene-1.txt", "athombv-node-dsmr-parser/dsmr-5.0-ene-2.txt",
            "athombv-node-dsmr-parser/dsmr-5.0-ene-3.txt", "athombv-node-dsmr-parser/dsmr-5.0-est-units.txt",
            "athombv-node-dsmr-parser/dsmr-5.0-spec-example-lowercase.txt", "athombv-node-dsmr-parser/dsmr-5.0-spec-example.txt",
            "athombv-node-dsmr-parser/dsmr-luxembourgh-spec-example.txt", "athombv-node-dsmr-parser/emucs-p1-v2.1.1-spec-example-1.txt",
            "athombv-node-dsmr-parser/emucs-p1-v2.1.1-spec-example-2.txt", "athombv-node-dsmr-parser/kamstrup-OMNIA-e-meter-three-phase.txt",
            "athombv-node-dsmr-parser/sagemcom-xt211.txt" })
    void wrongCrcTelegramsAreRejectedNeverRepairedAndDecodableOnRequest(String file) throws IOException {
        TelegramReader.Result r = read(file);
        assertThat(r.validity()).isEqualTo(Validity.REJECTED);
        assertThat(r.reason()).startsWith("CRC ");
        TelegramReader.Result accepted = lenient.read(Corpus.read(file), Frame.Status.COMPLETE);
        assertThat(accepted.validity()).isEqualTo(Validity.ACCEPTED_INVALID);
        assertThat(electricity(accepted)).isNotEmpty();
    }

    @Test
    void kaifaDsmr42() throws IOException {
        TelegramReader.Result r = read("dsmr_parser/v4_2_kaifa.txt");
        Telegram t = r.telegram();
        assertThat(t.getVersion()).isEqualTo("42");
        assertThat(t.getMeterTime()).isEqualTo(Instant.parse("2016-11-13T19:57:57Z"));
        assertThat(electricity(r)).containsEntry("energy_import_t1_kwh", 1581.123).containsEntry("energy_import_t2_kwh", 1435.706)
                .containsEntry("power_import_w", 2027.0).containsEntry("power_failures", 15L).containsEntry("long_power_failures", 7L)
                .containsEntry("voltage_sags_l1", 0L).containsEntry("current_l1_a", 0.0).containsEntry("current_l2_a", 6.0)
                .containsEntry("current_l3_a", 2.0).containsEntry("power_import_l1_w", 170.0).containsEntry("power_import_l2_w", 1247.0)
                .containsEntry("power_import_l3_w", 209.0);
        assertThat(t.mbus(1).equipmentId).isEqualTo("4819243993373755377509728609491464");
        assertThat(t.mbus(1).value).isEqualTo(981.443);
        assertThat(t.mbus(1).time).isEqualTo(Instant.parse("2016-11-29T19:00:00Z"));
        // the bogus power failure entry (000101000001W) is left out, not given a wrong time
        assertThat(t.getPowerFailures()).allSatisfy(f -> assertThat(f.end()).isAfter(Instant.parse("2001-01-01T00:00:00Z")));
    }

    @Test
    void iskraDsmr5WithGhostMbusChannel() throws IOException {
        TelegramReader.Result r = read("dsmr_parser/v5_iskra_am550_two_mbus.txt");
        Telegram t = r.telegram();
        assertThat(t.getEquipmentId()).isEqualTo("E0044007382246019");
        assertThat(t.mbus(1).time).as("1970 placeholder gives no time").isNull();
        assertThat(t.mbus(2).value).isEqualTo(246.138);
        assertThat(t.mbus(2).equipmentId).isEqualTo("G0039001936990619");
        List<Reading> readings = Normaliser.toReadings(t, null, Instant.EPOCH);
        assertThat(readings).extracting(Reading::measurement).containsExactly("electricity", "gas");
        Reading gas = readings.get(1);
        assertThat(gas.tags()).containsEntry("channel", "2").containsEntry("meter", "G0039001936990619");
        assertThat(gas.field("volume_m3")).isEqualTo(246.138);
        assertThat(gas.time()).isEqualTo(Instant.parse("2020-04-26T20:30:01Z"));
    }

    @Test
    void iskraDsmr5() throws IOException {
        TelegramReader.Result r = read("dsmr_parser/v5_iskra_mt382.txt");
        assertThat(r.telegram().getMeterTime()).isEqualTo(Instant.parse("2017-01-02T18:20:02Z"));
        assertThat(electricity(r)).containsEntry("energy_import_t1_kwh", 4.426).containsEntry("energy_import_t2_kwh", 2.399)
                .containsEntry("energy_export_t1_kwh", 2.444).containsEntry("power_import_w", 244.0)
                .containsEntry("power_failures", 13L).containsEntry("voltage_l1_v", 230.0).containsEntry("voltage_l3_v", 229.0)
                .containsEntry("current_l1_a", 0.48).containsEntry("current_l3_a", 0.86);
        assertThat(r.telegram().mbus(1).value).isEqualTo(0.107);
    }

    @Test
    void warmtelinkHeatWithUnpaddedCrc() throws IOException {
        TelegramReader.Result r = read("dsmr_parser/v5_warmtelink_heat_unpadded_crc.txt");
        List<Reading> readings = Normaliser.toReadings(r.telegram(), null, Instant.EPOCH);
        assertThat(readings).singleElement().satisfies(heat -> {
            assertThat(heat.measurement()).isEqualTo("heat");
            assertThat(heat.field("energy_gj")).isEqualTo(240.86);
        });
    }

    @Test
    void belgianCapacityTariff() throws IOException {
        TelegramReader.Result r = read("dsmr_parser/fluvius_v1_7_1.txt");
        Telegram t = r.telegram();
        assertThat(t.getDialect()).isEqualTo(Dialect.BE);
        assertThat(t.getVersion()).isEqualTo("50217");
        assertThat(t.getMeterTime()).isEqualTo(Instant.parse("2020-05-12T11:54:09Z"));
        assertThat(electricity(r)).containsEntry("energy_import_t1_kwh", 0.034).containsEntry("energy_import_t2_kwh", 15.758)
                .containsEntry("energy_export_t2_kwh", 0.011).containsEntry("power_demand_avg_w", 2351.0)
                .containsEntry("power_peak_month_w", 2589.0).containsEntry("power_peak_month_time", "2020-05-09T11:45:58Z")
                .containsEntry("voltage_l1_v", 234.7).containsEntry("power_threshold_w", 999900.0)
                .containsEntry("current_limit_l1_a", 999.0);
        assertThat(t.getMonthlyPeaks()).extracting(Telegram.MonthlyPeak::powerW).containsExactly(3695.0, 5980.0, 4318.0);
        assertThat(t.getMonthlyPeaks().get(0).time()).isEqualTo(Instant.parse("2020-04-23T17:25:38Z"));
        assertThat(t.mbus(1).value).isEqualTo(112.384);
        assertThat(t.mbus(2).deviceType).isEqualTo(7);
        assertThat(Normaliser.toReadings(t, null, Instant.EPOCH)).extracting(Reading::measurement)
                .containsExactly("electricity", "gas", "water");
    }

    @Test
    void belgianHistoryWithPlaceholderMonth() throws IOException {
        Telegram t = read("dsmr_parser/fluvius_v1_7_1_alt.txt").telegram();
        assertThat(t.getElectricity()).containsEntry("power_peak_month_time", "2023-11-02T10:45:00Z");
        assertThat(t.getMonthlyPeaks()).extracting(Telegram.MonthlyPeak::month).contains(Instant.parse("2023-07-31T22:00:00Z"),
                Instant.parse("2023-10-31T23:00:00Z"));
        assertThat(t.mbus(1).value).isEqualTo(92.287);
        assertThat(t.mbus(1).time).isEqualTo(Instant.parse("2023-11-02T11:10:02Z"));
        assertThat(t.mbus(2).value).isEqualTo(8.579);
    }

    @Test
    void austrianIntegerUnits() throws IOException {
        TelegramReader.Result r = read("dsmr_parser/sagemcom_t210_d_r_austria_plain.txt");
        assertThat(r.telegram().getDialect()).isEqualTo(Dialect.AT);
        assertThat(electricity(r)).containsEntry("energy_import_kwh", 6545.766).containsEntry("power_import_w", 286.0)
                .containsEntry("energy_export_t2_kwh", 0.058).containsEntry("reactive_energy_export_kvarh", 3897.726);
    }

    @Test
    void iskraIrelandWithControlByteInHeader() throws IOException {
        TelegramReader.Result r = read("dsmr_parser/iskra_ie5t_octal_header.txt");
        assertThat(r.telegram().getDialect()).isEqualTo(Dialect.IE);
        assertThat(r.telegram().getEquipmentId()).isEqualTo("09610");
        assertThat(electricity(r)).containsEntry("energy_import_t1_kwh", 10.181).containsEntry("energy_export_t2_kwh", 10.282)
                .containsEntry("power_import_w", 170.0).containsEntry("power_export_w", 270.0)
                .containsEntry("power_import_l2_w", 417.0).containsEntry("power_export_l3_w", 627.0)
                .containsEntry("voltage_l1_v", 242.5).containsEntry("breaker_state", 1L);
        // signed per-phase current from net power and voltage: (0.217 - 0.227) kW / 242.5 V
        assertThat((Double) electricity(r).get("current_signed_l1_a")).isCloseTo(-10 / 242.5, within(0.001));
    }

    @Test
    void hungarianEon() throws IOException {
        TelegramReader.Result r = read("dsmr_parser/eon_hungary_sag5.txt");
        assertThat(r.telegram().getDialect()).isEqualTo(Dialect.HU);
        assertThat(r.telegram().getMeterTime()).isEqualTo(
                java.time.LocalDateTime.parse("2023-07-24T15:07:30").atZone(ZoneId.of("Europe/Budapest")).toInstant());
        assertThat(electricity(r)).containsEntry("tariff", 1L).containsEntry("breaker_state", 1L)
                .containsEntry("power_threshold_w", 90000.0).containsEntry("energy_import_kwh", 173.64)
                .containsEntry("energy_import_t1_kwh", 47.719).containsEntry("energy_import_t2_kwh", 125.921)
                .containsEntry("energy_export_kwh", 627.177).containsEntry("energy_export_t1_kwh", 401.829)
                .containsEntry("reactive_energy_import_kvarh", 0.123).containsEntry("energy_combined_kwh", 800.817)
                .containsEntry("voltage_l1_v", 240.4).containsEntry("current_l2_a", 4.0).containsEntry("power_factor", 4.556)
                .containsEntry("frequency_hz", 50.0).containsEntry("power_import_w", 0.0).containsEntry("power_export_w", 2601.0);
        assertThat(r.telegram().getBillingRecord()).hasSize(20);
    }

    @Test
    void dsmr22GasOnTheNextLine() throws IOException {
        TelegramReader.Result r = read("dsmr_parser/v2_2_iskra_mt382.txt");
        assertThat(r.validity()).isEqualTo(Validity.UNCHECKED);
        assertThat(electricity(r)).containsEntry("energy_import_t1_kwh", 1.001).containsEntry("energy_export_t2_kwh", 1.001)
                .containsEntry("tariff", 1L).containsEntry("power_import_w", 1010.0).containsEntry("power_export_w", 0.0);
        assertThat(r.telegram().mbus(1).deviceType).isEqualTo(3);
        assertThat(r.telegram().mbus(1).value).isEqualTo(1.001);
        assertThat(r.telegram().mbus(1).unit).isEqualTo("m3");
    }

    @Test
    void dsmr3TextMessageAndThresholdInAmperes() throws IOException {
        TelegramReader.Result r = read("dsmr_parser/v3_iskra_mt382.txt");
        assertThat(electricity(r)).containsEntry("energy_import_t1_kwh", 12345.678).containsEntry("tariff", 2L)
                .containsEntry("power_import_w", 1190.0).containsEntry("current_threshold_a", 16.0)
                .containsEntry("text_code", "012345678");
        assertThat(r.telegram().mbus(1).value).isEqualTo(1.001);
    }

    @Test
    void easyMeterWithSuffixesAndGatewayTrailer() throws IOException {
        TelegramReader.Result r = read("dsmr_parser/easymeter_q3d_b1024_com1.txt");
        assertThat(electricity(r)).containsEntry("energy_import_kwh", 52185.7825309).containsEntry("energy_export_kwh", 19949.3221493)
                .containsEntry("power_import_w", 2124.86);
        assertThat(read("dsmr_parser/easymeter_q3d_a1004_com1.txt").telegram().getElectricity())
                .containsEntry("energy_import_kwh", 32549.5061662).containsEntry("power_import_w", 1688.21);
    }

    @Test
    void athombvValuesInWattHoursAsTheirJsonGivesThem() throws IOException {
        // athombv gives Wh and W; ours are kWh and W
        assertThat(electricity(read("athombv-node-dsmr-parser/dsmr-4.2-kfm-1.txt"))).containsEntry("energy_import_t1_kwh", 4726.494)
                .containsEntry("energy_export_t1_kwh", 3284.32).containsEntry("energy_import_t2_kwh", 4844.281)
                .containsEntry("energy_export_t2_kwh", 7764.691).containsEntry("power_export_w", 1869.0);
        assertThat(read("athombv-node-dsmr-parser/dsmr-4.2-kfm-1.txt").telegram().mbus(1).value).isEqualTo(5359.919);
        assertThat(electricity(read("athombv-node-dsmr-parser/dsmr-5.0-isk-1.txt"))).containsEntry("energy_import_t1_kwh", 3808.351)
                .containsEntry("energy_export_t2_kwh", 2876.514).containsEntry("power_export_w", 498.0);
        assertThat(electricity(read("athombv-node-dsmr-parser/dsmr-2.2-kfm-1.txt"))).containsEntry("energy_import_t1_kwh", 185.0)
                .containsEntry("energy_export_t1_kwh", 13.0).containsEntry("power_import_w", 980.0);
        assertThat(read("athombv-node-dsmr-parser/dsmr-2.2-kfm-1.txt").telegram().mbus(1).value).isEqualTo(124.477);
        assertThat(electricity(read("athombv-node-dsmr-parser/unknown-xmx-1.txt"))).containsEntry("energy_import_t1_kwh", 11667.44)
                .containsEntry("energy_import_t2_kwh", 11781.558).containsEntry("power_import_w", 550.0);
    }

    @Test
    void luxembourgFourMbusChannels() throws IOException {
        TelegramReader.Result r = lenient.read(Corpus.read("athombv-node-dsmr-parser/dsmr-luxembourgh-spec-example.txt"), Frame.Status.COMPLETE);
        Telegram t = r.telegram();
        assertThat(t.getDialect()).isEqualTo(Dialect.LU);
        assertThat(electricity(r)).containsEntry("power_import_w", 5.0).containsEntry("power_threshold_va", 69000.0);
        assertThat(t.mbus(1).value).isEqualTo(0.006);
        assertThat(t.mbus(4).value).isEqualTo(28.103);
        assertThat(t.mbus(2).deviceType).isEqualTo(7);
        assertThat(t.getMalformedLines()).isEmpty();
    }

    @Test
    void xt211ElectricityOnChannelOne() throws IOException {
        TelegramReader.Result r = lenient.read(Corpus.read("athombv-node-dsmr-parser/sagemcom-xt211.txt"), Frame.Status.COMPLETE);
        assertThat(electricity(r)).containsEntry("energy_import_t1_kwh", 1595.07).containsEntry("energy_export_t1_kwh", 4478.038)
                .containsEntry("energy_import_t2_kwh", 5216.778).containsEntry("power_import_w", 1622.0);
    }

    @Test
    void telegramWithoutEndMarkerDecodesWhenParsedDirectly() throws IOException {
        Telegram t = new TelegramParser(null).parse(Corpus.read("athombv-node-dsmr-parser/iskra-mt-382-no-crc-with-text-message.txt"));
        assertThat(t.getElectricity()).containsEntry("energy_import_t1_kwh", 39837.604).containsEntry("energy_export_t1_kwh", 5174.479)
                .containsEntry("power_export_w", 140.0).containsEntry("text_message", "test-/-test");
        assertThat(t.mbus(1).value).isEqualTo(13032.85);
        assertThat(strict.read(Corpus.read("athombv-node-dsmr-parser/iskra-mt-382-no-crc.txt"), Frame.Status.TRUNCATED).validity())
                .isEqualTo(Validity.REJECTED);
    }

    @Test
    void gotsmartFrameWithoutCrc() throws IOException {
        Telegram t = new TelegramParser(null).parse(Corpus.read("gotsmart/landisgyr_xmx5_dsmr42_frame.txt"));
        assertThat(t.getElectricity()).containsEntry("energy_import_t1_kwh", 93.179).containsEntry("energy_import_t2_kwh", 56.684)
                .containsEntry("power_import_w", 372.0);
        assertThat(t.mbus(1).value).isEqualTo(1.234);
    }
}
