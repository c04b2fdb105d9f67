package io.meterbridge.glow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.meterbridge.reading.PayloadRejectedException;
import io.meterbridge.reading.Reading;

class GlowDataFormatTest {

    private final GlowDataFormat glow = new GlowDataFormat();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void localPayloadsOfTheCorpus() throws Exception {
        Map<String, GlowCorpus.Payload> p = GlowCorpus.load("local_data.json");
        Reading electric = glow.read(p.get("electric_normal").topic(), p.get("electric_normal").bytes()).get(0);
        assertThat(electric.measurement()).isEqualTo("electricity");
        assertThat(electric.tags()).containsEntry("meter", "A1234BC5DE67").containsEntry("source", "glow");
        assertThat(electric.time()).isEqualTo(Instant.parse("2023-01-01T00:00:00Z"));
        assertThat(electric.fields()).containsEntry("energy_import_kwh", 12000.123).containsEntry("energy_export_kwh", 125.987)
                .containsEntry("energy_import_today_kwh", 5.987).containsEntry("energy_import_week_kwh", 40.123)
                .containsEntry("energy_import_month_kwh", 600.123).containsEntry("power_net_w", 2123.0)
                .containsEntry("power_import_w", 2123.0).containsEntry("power_export_w", 0.0)
                .containsEntry("price_unit_rate", 0.33333).containsEntry("price_standing_charge", 0.5);

        Reading gas = glow.read(p.get("gas_normal").topic(), p.get("gas_normal").bytes()).get(0);
        assertThat(gas.measurement()).isEqualTo("gas");
        assertThat(gas.fields()).containsEntry("energy_import_kwh", 55690.531).containsEntry("volume_m3", 4963.225)
                .containsEntry("energy_import_today_kwh", 66.494).containsEntry("energy_import_month_kwh", 129.801);
    }

    @Test
    void invalidMarkersNeverBecomeReadings() throws Exception {
        Map<String, GlowCorpus.Payload> p = GlowCorpus.load("local_data.json");
        for (String invalid : new String[] { "electric_invalid", "gas_zero_volume", "gas_null" }) {
            GlowDataFormat fresh = new GlowDataFormat();
            assertThatThrownBy(() -> fresh.read(p.get(invalid).topic(), p.get(invalid).bytes())).as(invalid)
                    .isInstanceOf(PayloadRejectedException.class);
        }
        Reading exporting = new GlowDataFormat().read(p.get("electric_negative_power").topic(), p.get("electric_negative_power").bytes()).get(0);
        assertThat(exporting.fields()).containsEntry("power_net_w", -678.0).containsEntry("power_export_w", 678.0)
                .containsEntry("power_import_w", 0.0).doesNotContainKey("energy_export_kwh"); // cumulative 0: not a total
        Reading idle = new GlowDataFormat().read(p.get("electric_zero_power").topic(), p.get("electric_zero_power").bytes()).get(0);
        assertThat(idle.fields()).containsEntry("power_net_w", 0.0).containsEntry("energy_import_kwh", 12000.123);
        List<Reading> marker = new GlowDataFormat().read("glow/AA/SENSOR/electricitymeter", utf8("""
                {"electricitymeter":{"timestamp":"2024-01-01T00:00:00Z","energy":{"import":{"cumulative":5.5}},"power":{"value":-8388.608}}}"""));
        assertThat(marker.get(0).fields()).containsEntry("energy_import_kwh", 5.5).doesNotContainKey("power_net_w");
    }

    @Test
    void legacyHexPayloadsOfTheCorpus() throws Exception {
        Map<String, GlowCorpus.Payload> p = GlowCorpus.load("data.json");
        List<Reading> readings = glow.read(p.get("normal").topic(), p.get("normal").bytes());
        assertThat(readings).extracting(Reading::measurement).containsExactly("electricity", "gas", "device");
        assertThat(readings.get(0).time()).isEqualTo(Instant.ofEpochSecond(1673014756));
        assertThat(readings.get(0).fields()).containsEntry("energy_import_kwh", 12492.062).containsEntry("power_net_w", 1081.0)
                .containsEntry("energy_import_today_kwh", 8.621).containsEntry("energy_import_week_kwh", 78.518)
                .containsEntry("energy_import_month_kwh", 96.551);
        assertThat(readings.get(1).fields()).containsEntry("energy_import_kwh", 103433.75).containsEntry("energy_import_today_kwh", 7.16);
        assertThat(readings.get(2).fields()).containsEntry("han_rssi_dbm", -53.0).containsEntry("han_lqi", 188.0);
        assertThat(glow.read(p.get("normal").topic(), p.get("normal").bytes())).as("republished").isEmpty();
        assertThat(new GlowDataFormat().read(p.get("gas_no_electric").topic(), p.get("gas_no_electric").bytes()))
                .extracting(Reading::measurement).doesNotContain("electricity").contains("gas");
        assertThat(new GlowDataFormat().read(p.get("electric_no_gas").topic(), p.get("electric_no_gas").bytes()))
                .extracting(Reading::measurement).contains("electricity").doesNotContain("gas");
    }

    /** Some firmware sends every number as a JSON string: "12.5" is 12.5; "NaN", "1e308" or words are no number. */
    @Test
    void numbersSentAsStringsAreRead() throws Exception {
        Reading r = new GlowDataFormat().read("glow/AA/SENSOR/electricitymeter", utf8("""
                {"electricitymeter":{"timestamp":"2024-01-01T00:00:00Z","energy":{"import":{"cumulative":"12.5","day":"1.25"}},"power":{"value":"0.5"}}}""")).get(0);
        assertThat(r.fields()).containsEntry("energy_import_kwh", 12.5).containsEntry("energy_import_today_kwh", 1.25)
                .containsEntry("power_net_w", 500.0);
        for (String notANumber : new String[] { "NaN", "Infinity", "1e308", "twelve", "" }) {
            assertThatThrownBy(() -> new GlowDataFormat().read("glow/AA/SENSOR/electricitymeter", utf8(
                    "{\"electricitymeter\":{\"timestamp\":\"2024-01-01T00:00:00Z\",\"energy\":{\"import\":{\"cumulative\":\"" + notANumber + "\"}}}}")))
                    .as(notANumber).isInstanceOf(PayloadRejectedException.class);
        }
    }

    /** A gas total whose "volume" is said to be in kWh is energy: no volume_m3 is made of it. */
    @Test
    void aVolumeInKwhIsNoVolume() throws Exception {
        String payload = """
                {"gasmeter":{"timestamp":"2024-01-01T00:00:00Z","energy":{"import":{"cumulative":1234.5,"units":"kWh",
                "cumulativevol":1234.5,"cumulativevolunits":"kWh"}}}}""";
        Reading gas = new GlowDataFormat().read("glow/AA/SENSOR/gasmeter", utf8(payload)).get(0);
        assertThat(gas.fields()).containsEntry("energy_import_kwh", 1234.5).doesNotContainKey("volume_m3");
        Reading m3 = new GlowDataFormat().read("glow/AA/SENSOR/gasmeter", utf8(payload.replace("\"cumulativevolunits\":\"kWh\"",
                "\"cumulativevolunits\":\"m3\"").replace("\"cumulativevol\":1234.5", "\"cumulativevol\":112.3"))).get(0);
        assertThat(m3.fields()).containsEntry("volume_m3", 112.3);
    }

    /**
     * ZigBee Smart Energy marks "no value" with all ones: a legacy total of FFFFFFFFFFFF is not 281474976710.655 kWh,
     * and an instantaneous demand of 800000 (int24's lowest) is no power; FFFFFF is -1 W.
     */
    @Test
    void legacyAllOnesMeansNoValue() throws Exception {
        Map<String, GlowCorpus.Payload> p = GlowCorpus.load("data.json");
        com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode)
                io.meterbridge.reading.Json.MAPPER.readTree(p.get("normal").bytes());
        com.fasterxml.jackson.databind.node.ObjectNode metering = (com.fasterxml.jackson.databind.node.ObjectNode) json.path("elecMtr").path("0702");
        ((com.fasterxml.jackson.databind.node.ObjectNode) metering.path("00")).put("00", "FFFFFFFFFFFF");
        ((com.fasterxml.jackson.databind.node.ObjectNode) metering.path("04")).put("00", "800000");
        List<Reading> readings = new GlowDataFormat().read(p.get("normal").topic(), io.meterbridge.reading.Json.MAPPER.writeValueAsBytes(json));
        assertThat(readings).extracting(Reading::measurement).doesNotContain("electricity").contains("gas");
        ((com.fasterxml.jackson.databind.node.ObjectNode) metering.path("04")).put("00", "FFFFFF");
        Reading electricity = new GlowDataFormat().read(p.get("normal").topic(), io.meterbridge.reading.Json.MAPPER.writeValueAsBytes(json)).get(0);
        assertThat(electricity.fields()).containsEntry("power_net_w", -1.0).doesNotContainKey("energy_import_kwh");
    }

    /**
     * A gas meter's day, week and month in the Smart Energy metering cluster's Alternative Historical Consumption set
     * (0702/0C/01, 30, 40), in the unit its AlternativeUnitofMeasure (03/12) names, scaled like the summation. Written
     * from the cluster's definition (our own values): 03/00 = 00 (kWh), 03/12 = 01 (m³), divisor 0x3E8.
     */
    @Test
    void legacyGasDayWeekAndMonthComeFromTheAlternativeConsumptionSet() throws Exception {
        String gas = "{\"gmtime\":1673014756,\"gasMtr\":{\"0702\":{\"00\":{\"00\":\"0000062A4616\"},"
                + "\"03\":{\"00\":\"00\",\"01\":\"000001\",\"02\":\"0003E8\",\"12\":\"01\"},"
                + "\"0C\":{\"01\":\"00000A5E\",\"30\":\"00004E20\",\"40\":\"FFFFFFFF\"}}}}";
        Reading reading = new GlowDataFormat().read("SMART/HILD/A1234BC5DE67", utf8(gas)).get(0);
        assertThat(reading.measurement()).isEqualTo("gas");
        assertThat(reading.fields()).containsEntry("energy_import_kwh", 103433.75).containsEntry("volume_today_m3", 2.654)
                .containsEntry("volume_week_m3", 20.0).doesNotContainKey("volume_month_m3"); // all ones: no value
        // the same set in kWh (03/12 = 00) is energy, never a volume
        Reading kwh = new GlowDataFormat().read("SMART/HILD/A1234BC5DE67", utf8(gas.replace("\"12\":\"01\"", "\"12\":\"00\""))).get(0);
        assertThat(kwh.fields()).containsEntry("energy_import_today_kwh", 2.654).doesNotContainKey("volume_today_m3");
        // a value no meter reports is refused here as in the primary set
        assertThatThrownBy(() -> new GlowDataFormat().read("SMART/HILD/A1234BC5DE67", utf8(gas.replace("\"30\":\"00004E20\"",
                "\"30\":\"7FFFFFFFFFFFFFFF\"")))).isInstanceOf(PayloadRejectedException.class).hasMessageContaining("beyond what a meter reports");
    }

    /** A Glow temperature and humidity sensor, tagged with its own id; a value no room shows is left out alone. */
    @Test
    void theGlowClimateSensorIsRead() throws Exception {
        String payload = "{\"glowsensorth1\":{\"0A1B2C3D4E5F\":{\"timestamp\":\"2025-01-12T08:30:05Z\",\"temperature\":{\"value\":18.625,\"units\":\"°C\"},"
                + "\"humidity\":{\"value\":52,\"units\":\"%\"},\"battery\":{\"value\":87,\"units\":\"%\"},\"rssi\":{\"value\":-71,\"units\":\"dBm\"},"
                + "\"status\":\"connected\"}}}";
        String topic = "glow/AABBCCDDEEFF/SENSOR/glowsensorth1/0A1B2C3D4E5F";
        Reading climate = new GlowDataFormat().read(topic, utf8(payload)).get(0);
        assertThat(climate.measurement()).isEqualTo("climate");
        assertThat(climate.tags()).containsEntry("meter", "0A1B2C3D4E5F").containsEntry("source", "glow");
        assertThat(climate.time()).isEqualTo(Instant.parse("2025-01-12T08:30:05Z"));
        assertThat(climate.fields()).containsExactly(Map.entry("temperature_c", 18.625), Map.entry("humidity_percent", 52.0),
                Map.entry("battery_percent", 87.0), Map.entry("rssi_dbm", -71.0));
        Reading hot = new GlowDataFormat().read(topic, utf8(payload.replace("18.625", "1e308"))).get(0);
        assertThat(hot.fields()).doesNotContainKey("temperature_c").containsEntry("humidity_percent", 52.0);
        assertThatThrownBy(() -> new GlowDataFormat().read(topic, utf8("{\"glowsensorth1\":{\"0A1B2C3D4E5F\":{\"timestamp\":\"2025-01-12T08:30:05Z\","
                + "\"humidity\":{\"value\":-5}}}}"))).isInstanceOf(PayloadRejectedException.class).hasMessageContaining("no temperature, humidity");
    }

    private static byte[] electricity(String time, double cumulative) {
        return utf8("{\"electricitymeter\":{\"timestamp\":\"" + time + "\",\"energy\":{\"import\":{\"cumulative\":" + cumulative + "}}}}");
    }

    @Test
    void republishedPayloadsAreDeliveredOnce() throws Exception {
        assertThat(glow.read("glow/AA/SENSOR/electricitymeter", electricity("2024-01-01T00:00:00Z", 10))).hasSize(1);
        assertThat(glow.read("glow/AA/SENSOR/electricitymeter", electricity("2024-01-01T00:00:00Z", 10))).isEmpty();
        assertThat(glow.read("glow/BB/SENSOR/electricitymeter", electricity("2024-01-01T00:00:00Z", 10))).as("another device").hasSize(1);
        assertThat(glow.read("glow/AA/SENSOR/electricitymeter", electricity("2024-01-01T00:00:10Z", 10.1))).hasSize(1);
    }

    @Test
    void aTotalThatGoesBackIsHeldBackUntilConfirmed() throws Exception {
        glow.read("energy/AA/SENSOR/electricitymeter", electricity("2024-01-01T00:00:00Z", 100));
        for (int i = 1; i < GlowDataFormat.RESET_CONFIRMATIONS; i++) {
            String time = Instant.parse("2024-01-01T00:00:00Z").plusSeconds(10 * i).toString();
            assertThatThrownBy(() -> glow.read("energy/AA/SENSOR/electricitymeter", electricity(time, 3)))
                    .hasMessageContaining("no valid total");
        }
        // a glitch followed by the right value: the right value goes through, the glitch never did
        List<Reading> confirmed = glow.read("energy/AA/SENSOR/electricitymeter", electricity("2024-01-01T00:09:00Z", 3.1));
        assertThat(confirmed.get(0).fields()).as("confirmed %d times: a meter exchange", GlowDataFormat.RESET_CONFIRMATIONS)
                .containsEntry("energy_import_kwh", 3.1);
    }

    @Test
    void badPayloadsAreRejectedWithAReason() {
        assertThatThrownBy(() -> glow.read("glow/AA/SENSOR/electricitymeter", utf8("not json"))).hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> glow.read("glow/AA/SENSOR/electricitymeter", utf8("[1,2]"))).hasMessage("not a JSON object");
        assertThatThrownBy(() -> glow.read("glow/AA/SENSOR/electricitymeter", new byte[GlowDataFormat.MAX_PAYLOAD + 1]))
                .hasMessageContaining("larger than");
        assertThatThrownBy(() -> glow.read("glow/AA/other", utf8("{}"))).hasMessageStartingWith("not a Glow topic");
        assertThatThrownBy(() -> glow.read("glow/AA/SENSOR/electricitymeter", utf8("[".repeat(5000)))).isInstanceOf(PayloadRejectedException.class);
        assertThatThrownBy(() -> glow.read("SMART/HILD/AA", utf8("{\"gmtime\":1673014756,\"elecMtr\":{\"0702\":{\"00\":{\"00\":\"XYZ\"}}}}")))
                .hasMessageContaining("not hex");
    }

    @Test
    void valuesNoMeterReportsAreRejectedAndNeverBecomeTheLastTotal() throws Exception {
        String topic = "glow/AA/SENSOR/electricitymeter";
        assertThat(glow.read(topic, electricity("2024-01-01T00:00:00Z", 100))).hasSize(1);
        // 1e400 is Infinity to a double: once it was stored and held back the next genuine readings as "lower"
        for (String hostile : new String[] { "1e400", "1e300", "-5", "-1e-3" }) {
            assertThatThrownBy(() -> glow.read(topic, utf8("{\"electricitymeter\":{\"timestamp\":\"2024-01-01T00:00:10Z\","
                    + "\"energy\":{\"import\":{\"cumulative\":" + hostile + "}}}}"))).as(hostile)
                    .isInstanceOf(PayloadRejectedException.class).hasMessageContaining("energy_import_kwh");
        }
        assertThatThrownBy(() -> glow.read(topic, utf8("{\"electricitymeter\":{\"timestamp\":\"2024-01-01T00:00:10Z\","
                + "\"energy\":{\"import\":{\"cumulative\":100.1}},\"power\":{\"value\":1e308}}}")))
                .hasMessageContaining("power_net_w");
        // the next genuine reading is delivered: the rejected values were never compared with
        List<Reading> next = glow.read(topic, electricity("2024-01-01T00:00:20Z", 100.2));
        assertThat(next).singleElement().satisfies(r -> assertThat(r.field("energy_import_kwh")).isEqualTo(100.2));
        // the legacy payload's hex cannot be infinite, but its scale can make any value: refused the same way
        assertThatThrownBy(() -> glow.read("SMART/HILD/AA", utf8("{\"gmtime\":1673014756,\"elecMtr\":{\"0702\":{\"00\":{\"00\":\"10\"},"
                + "\"04\":{\"00\":\"000010\"},\"03\":{\"01\":\"FFFFFFFFFFFE\",\"02\":\"1\"}}}}")))
                .isInstanceOf(PayloadRejectedException.class).hasMessageContaining("beyond");
        assertThatThrownBy(() -> glow.read("SMART/HILD/AA", utf8("{\"time\":\"zz\"}"))).isInstanceOf(PayloadRejectedException.class);
        assertThatThrownBy(() -> glow.read("SMART/HILD/AA", utf8("{\"gmtime\":1673014756,\"pan\":{\"rssi\":\"-\"}}")))
                .isInstanceOf(PayloadRejectedException.class);
    }
}
