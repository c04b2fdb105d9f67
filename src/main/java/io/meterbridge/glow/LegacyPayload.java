package io.meterbridge.glow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.meterbridge.reading.PayloadRejectedException;
import io.meterbridge.reading.Fields;
import io.meterbridge.reading.Reading;

/**
 * The older Glow payload ({@code SMART/HILD/<device>}): ZigBee Smart Energy attributes as hex strings, keyed
 * cluster, attribute set, attribute. The metering cluster 0702 gives CurrentSummationDelivered (00/00),
 * InstantaneousDemand (04/00), today, this week and this month (04/01, 04/30, 04/40), all as raw × Multiplier
 * (03/01) ÷ Divisor (03/02), in the unit UnitofMeasure (03/00) names: 00 kWh, 01 m³. The Alternative Historical
 * Consumption set (0C: today 01, this week 30, this month 40), which gas meters fill, is in the unit
 * AlternativeUnitofMeasure (03/12) names, with the same multiplier and divisor.
 */
final class LegacyPayload {

    private LegacyPayload() {
    }

    static List<Reading> read(String device, JsonNode json, GlowDataFormat guards) throws PayloadRejectedException {
        double seconds = json.path("gmtime").canConvertToLong() ? json.path("gmtime").asLong() : parseHex(json.path("time").asText(""));
        // from 2000 to 3000: anything else is no clock a meter keeps
        if (Double.isNaN(seconds) || seconds < 946_684_800L || seconds > 32_503_680_000L) {
            throw new PayloadRejectedException("legacy payload without a valid time");
        }
        Instant time = Instant.ofEpochSecond((long) seconds);
        if (guards.alreadyDelivered(device + "/legacy", time.toString())) {
            return List.of();
        }
        List<Reading> readings = new ArrayList<>(3);
        meter(device, Fields.ELECTRICITY, json.path("elecMtr").path("0702"), time, guards, readings);
        meter(device, Fields.GAS, json.path("gasMtr").path("0702"), time, guards, readings);
        JsonNode pan = json.path("pan");
        if (pan.hasNonNull("rssi") || pan.hasNonNull("lqi")) {
            Reading.Builder health = Reading.builder("device").tag(Fields.TAG_METER, device)
                    .tag(Fields.TAG_SOURCE, GlowDataFormat.SOURCE).time(time);
            if (pan.hasNonNull("rssi")) {
                health.field("han_rssi_dbm", (double) (byte) (long) parseHex(pan.path("rssi").asText("")));
            }
            if (pan.hasNonNull("lqi")) {
                health.field("han_lqi", parseHex(pan.path("lqi").asText("")));
            }
            health.field("han_status", pan.path("status").asText(null));
            readings.add(health.build());
        }
        if (readings.isEmpty()) {
            throw new PayloadRejectedException("legacy payload with no meter readings");
        }
        guards.delivered(device + "/legacy", time.toString());
        return readings;
    }

    private static void meter(String device, String measurement, JsonNode cluster, Instant time, GlowDataFormat guards,
            List<Reading> out) throws PayloadRejectedException {
        double summation = hex(cluster.path("00").path("00"));
        double demand = signedHex(cluster.path("04").path("00"));
        if (Double.isNaN(summation) && Double.isNaN(demand)) {
            return;
        }
        JsonNode format = cluster.path("03");
        double multiplier = hex(format.path("01"));
        double divisor = hex(format.path("02"));
        double scale = (Double.isNaN(multiplier) || multiplier == 0 ? 1 : multiplier)
                / (Double.isNaN(divisor) || divisor == 0 ? 1 : divisor);
        boolean cubicMetres = "01".equals(format.path("00").asText()); // UnitofMeasure 01: m³; 00: kWh
        Reading.Builder reading = Reading.builder(measurement).tag(Fields.TAG_METER, device)
                .tag(Fields.TAG_SOURCE, GlowDataFormat.SOURCE).time(time);
        String key = device + "/" + measurement + "/";
        boolean measured = !Double.isNaN(summation) && guards.total(reading, key,
                cubicMetres ? Fields.VOLUME_M3 : Fields.ENERGY_IMPORT_KWH, round(summation * scale));
        if (!Double.isNaN(demand) && measurement.equals(Fields.ELECTRICITY)) {
            double watts = round(demand * scale * 1000);
            guards.check(Fields.POWER_NET_W, watts);
            reading.field(Fields.POWER_NET_W, watts);
            reading.field(Fields.POWER_IMPORT_W, Math.max(0, watts));
            reading.field(Fields.POWER_EXPORT_W, Math.max(0, -watts));
            measured = true;
        }
        if (!measured) {
            return;
        }
        periods(cluster.path("04"), "kwh", scale, guards, reading);
        // the Alternative Historical Consumption set, in the unit AlternativeUnitofMeasure names (00 kWh, 01 m³; any
        // other no household meter reports here); the primary set's value wins where both have one
        String alternative = format.path("12").asText("");
        if (alternative.equals("00") || alternative.equals("01")) {
            periods(cluster.path("0C"), alternative.equals("01") ? "m3" : "kwh", scale, guards, reading);
        }
        out.add(reading.build());
    }

    /** Today (01), this week (30) and this month (40) of one attribute set: energy (kWh) or volume (m³). */
    private static void periods(JsonNode set, String unit, double scale, GlowDataFormat guards, Reading.Builder reading)
            throws PayloadRejectedException {
        String[][] periods = { { "01", "today" }, { "30", "week" }, { "40", "month" } };
        for (String[] period : periods) {
            double value = hex(set.path(period[0]));
            String field = unit.equals("m3") ? "volume_" + period[1] + "_m3" : "energy_import_" + period[1] + "_kwh";
            if (!Double.isNaN(value) && !reading.hasField(field)) {
                guards.check(field, value * scale);
                reading.field(field, round(value * scale));
            }
        }
    }

    private static double round(double value) {
        return Math.round(value * 1_000_000) / 1_000_000.0;
    }

    /**
     * An unsigned ZigBee metering attribute; NaN when absent or all ones ("FFFFFFFFFFFF"), which the Smart Energy profile
     * uses for "no value" (read as a number it would be a total of 281474976710.655 kWh).
     */
    private static double hex(JsonNode node) throws PayloadRejectedException {
        String text = node.asText("");
        return text.chars().allMatch(c -> c == 'F' || c == 'f') ? Double.NaN : parseHex(text);
    }

    private static double parseHex(String text) throws PayloadRejectedException {
        if (text.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Long.parseLong(text, 16);
        } catch (NumberFormatException e) {
            throw new PayloadRejectedException("'" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "' is not hex of at most 16 digits");
        }
    }

    /**
     * InstantaneousDemand is a signed 24-bit value (negative while exporting), sent as 6 or 8 hex digits; all ones
     * is -1 W here, and 0x800000, the lowest value, means "no value".
     */
    private static double signedHex(JsonNode node) throws PayloadRejectedException {
        double raw = parseHex(node.asText(""));
        if (Double.isNaN(raw)) {
            return raw;
        }
        long v = (long) raw & 0xFFFFFF;
        return v == 0x800000 ? Double.NaN : (v & 0x800000) != 0 ? v - 0x1000000 : v;
    }
}
