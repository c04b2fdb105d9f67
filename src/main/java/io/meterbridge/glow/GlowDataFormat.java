package io.meterbridge.glow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.spi.annotations.Dataformat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.meterbridge.reading.PayloadRejectedException;
import io.meterbridge.reading.FieldLimits;
import io.meterbridge.reading.Fields;
import io.meterbridge.reading.Json;
import io.meterbridge.reading.Reading;
import io.meterbridge.reading.ReadingDataFormat;

/**
 * {@code unmarshal: custom: glow} turns a Hildebrand Glow (SMETS2 CAD / IHD) MQTT message into readings. The topic
 * ({@code <prefix>/<device>/SENSOR/electricitymeter}, {@code .../gasmeter}, {@code .../STATE}, or the legacy cloud
 * {@code SMART/HILD/<device>}) says what the payload is; the device id becomes the {@code meter} tag.
 *
 * <p>Guards, because one bad value in a total puts a spike into Home Assistant's Energy dashboard for good:
 * {@code null}, a 1970-01-01 timestamp, {@code cumulative: 0} and the meter's invalid marker for power
 * (-8388.608 kW) never become values; a total lower than the last good one is held back (and accepted as a new
 * baseline only when {@value #RESET_CONFIRMATIONS} payloads in a row confirm it, as after a meter exchange); and
 * a payload whose timestamp was already delivered (the CAD republishes for minutes) gives no reading again.
 */
@Dataformat("glow")
public class GlowDataFormat extends ReadingDataFormat {

    public static final String SOURCE = "glow";
    /** Glow's invalid marker for power: the 24-bit minimum, -0x800000 / 1000. */
    static final double INVALID_POWER_KW = -8388.608;
    static final int RESET_CONFIRMATIONS = 5;
    /** Largest payload read; a real one is under 2 kB. */
    static final int MAX_PAYLOAD = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(GlowDataFormat.class);

    /** The last timestamp delivered per device and sensor. */
    private final Map<String, String> lastTimestamps = new HashMap<>();
    /** The last good total per device, measurement and field. */
    private FieldLimits limits = FieldLimits.DEFAULT;
    private final Map<String, Double> lastTotals = new HashMap<>();
    /** How many payloads in a row came with a total lower than the last good one. */
    private final Map<String, Integer> lowerInARow = new HashMap<>();

    @Override
    public String getDataFormatName() {
        return "glow";
    }

    @Override
    protected Object read(Exchange exchange, byte[] payload) throws PayloadRejectedException {
        return read(exchange.getMessage().getHeader("CamelMqttTopic", String.class), payload);
    }

    /** The readings of one message; empty when it repeats one already delivered. */
    public synchronized List<Reading> read(String topic, byte[] payload) throws PayloadRejectedException {
        if (payload.length > MAX_PAYLOAD) {
            throw new PayloadRejectedException("payload of " + payload.length + " bytes is larger than " + MAX_PAYLOAD);
        }
        String[] parts = topic == null ? new String[0] : topic.split("/");
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new PayloadRejectedException("not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new PayloadRejectedException("unreadable payload: " + e.getMessage());
        }
        if (json == null || !json.isObject()) {
            throw new PayloadRejectedException("not a JSON object");
        }
        if (parts.length == 3 && parts[0].equals("SMART") && parts[1].equals("HILD")) {
            return LegacyPayload.read(parts[2], json, this);
        }
        if (parts.length == 3 && parts[2].equals("STATE")) {
            return List.of(state(parts[1], json));
        }
        if (parts.length == 5 && parts[2].equals("SENSOR") && parts[3].startsWith("glowsensorth")) {
            return List.of(climate(parts[4], parts[3], json));
        }
        if (parts.length == 4 && parts[2].equals("SENSOR")) {
            return switch (parts[3]) {
                case "electricitymeter" -> meter(parts[1], "electricitymeter", Fields.ELECTRICITY, json);
                case "gasmeter" -> meter(parts[1], "gasmeter", Fields.GAS, json);
                default -> throw new PayloadRejectedException("unknown Glow sensor '" + parts[3] + "'");
            };
        }
        throw new PayloadRejectedException("not a Glow topic: expected <prefix>/<device>/SENSOR/<sensor>, <prefix>/<device>/STATE,"
                + " <prefix>/<device>/SENSOR/glowsensorth1/<sensor id> or SMART/HILD/<device>");
    }

    private List<Reading> meter(String device, String sensor, String measurement, JsonNode json) throws PayloadRejectedException {
        JsonNode root = json.path(sensor);
        String timestamp = root.path("timestamp").asText(null);
        Instant time = validTime(timestamp);
        if (time == null) {
            throw new PayloadRejectedException("invalid timestamp " + timestamp + ": the meter has no reading yet");
        }
        if (alreadyDelivered(device + "/" + sensor, timestamp)) {
            return List.of(); // the CAD republishes the same reading for minutes
        }
        JsonNode in = root.path("energy").path("import");
        JsonNode out = root.path("energy").path("export");
        Reading.Builder reading = Reading.builder(measurement).tag(Fields.TAG_METER, device).tag(Fields.TAG_SOURCE, SOURCE).time(time);
        String key = device + "/" + measurement + "/";
        boolean measured = total(reading, key, Fields.ENERGY_IMPORT_KWH, in.path("cumulative"));
        if (measurement.equals(Fields.ELECTRICITY)) {
            measured |= total(reading, key, Fields.ENERGY_EXPORT_KWH, out.path("cumulative"));
            double kw = number(root.path("power").path("value"));
            if (!Double.isNaN(kw) && kw != INVALID_POWER_KW) {
                check(Fields.POWER_NET_W, kw * 1000);
                double watts = Math.round(kw * 1000 * 1000) / 1000.0;
                reading.field(Fields.POWER_NET_W, watts);
                reading.field(Fields.POWER_IMPORT_W, Math.max(0, watts));
                reading.field(Fields.POWER_EXPORT_W, Math.max(0, -watts));
                measured = true;
            }
        } else {
            // some meters report their gas total as energy in the volume field too (cumulativevolunits "kWh"):
            // that is no volume, and converting it would need the gas's calorific value, which the payload lacks
            String volumeUnits = in.path("cumulativevolunits").asText("m3");
            if (volumeUnits.equalsIgnoreCase("m3") || volumeUnits.isEmpty()) {
                measured |= total(reading, key, Fields.VOLUME_M3, in.path("cumulativevol"));
            }
        }
        if (!measured) {
            throw new PayloadRejectedException("no valid total or power in the payload");
        }
        // day, week and month totals are kWh for gas too, whatever "dayweekmonthvolunits" suggests of the *vol fields
        period(reading, "energy_import_today_kwh", in.path("day"));
        period(reading, "energy_import_week_kwh", in.path("week"));
        period(reading, "energy_import_month_kwh", in.path("month"));
        JsonNode price = in.path("price");
        period(reading, "price_unit_rate", price.path("unitrate"));
        period(reading, "price_standing_charge", price.path("standingcharge"));
        delivered(device + "/" + sensor, timestamp);
        List<Reading> readings = new ArrayList<>(1);
        readings.add(reading.build());
        return readings;
    }

    /** What a room can read, and so what a temperature and humidity sensor may report. */
    private static final double[][] CLIMATE_RANGES = { { -50, 80 }, { 0, 100 }, { 0, 100 }, { -130, 0 } };
    private static final String[][] CLIMATE_FIELDS = { { "temperature", "temperature_c" }, { "humidity", "humidity_percent" },
            { "battery", "battery_percent" }, { "rssi", "rssi_dbm" } };

    /**
     * A Glow temperature and humidity sensor ({@code <prefix>/<device>/SENSOR/glowsensorth1/<sensor id>}), tagged with
     * its own id: temperature, humidity, battery and signal, each {@code {"value": .., "units": ..}}. A value outside
     * what a room or the sensor can show is left out, not the others with it.
     */
    private Reading climate(String sensorId, String sensor, JsonNode json) throws PayloadRejectedException {
        JsonNode root = json.path(sensor).path(sensorId);
        String timestamp = root.path("timestamp").asText(null);
        Instant time = validTime(timestamp);
        if (time == null) {
            throw new PayloadRejectedException("climate sensor " + sensorId + ": no " + sensor + "." + sensorId + " with a valid timestamp");
        }
        Reading.Builder reading = Reading.builder("climate").tag(Fields.TAG_METER, sensorId).tag(Fields.TAG_SOURCE, SOURCE).time(time);
        for (int i = 0; i < CLIMATE_FIELDS.length; i++) {
            double value = number(root.path(CLIMATE_FIELDS[i][0]).path("value"));
            if (value >= CLIMATE_RANGES[i][0] && value <= CLIMATE_RANGES[i][1]) { // false for NaN
                reading.field(CLIMATE_FIELDS[i][1], value);
            }
        }
        if (!reading.hasFields()) {
            throw new PayloadRejectedException("climate sensor " + sensorId + ": no temperature, humidity, battery or signal a sensor can report");
        }
        return reading.build();
    }

    boolean alreadyDelivered(String key, String timestamp) {
        return timestamp.equals(lastTimestamps.get(key));
    }

    void delivered(String key, String timestamp) {
        lastTimestamps.put(key, timestamp);
    }

    boolean total(Reading.Builder reading, String key, String field, JsonNode node) throws PayloadRejectedException {
        return total(reading, key, field, number(node));
    }

    /**
     * A cumulative total: never null or 0, never lower than the last good one unless a reset is confirmed, and a
     * value no meter reports (beyond the limits, negative) rejects the payload before it can become that last one.
     */
    boolean total(Reading.Builder reading, String key, String field, double value) throws PayloadRejectedException {
        if (Double.isNaN(value) || value == 0) {
            return false;
        }
        check(field, value);
        Double last = lastTotals.get(key + field);
        if (last != null && value < last) {
            int lower = lowerInARow.merge(key + field, 1, Integer::sum);
            if (lower < RESET_CONFIRMATIONS) {
                if (lower == 1) {
                    LOG.warn("{} {} went back from {} to {}: held back until it is confirmed", key, field, last, value);
                }
                return false;
            }
            LOG.warn("{} {} confirmed lower {} times in a row: accepting {} as the new baseline (meter exchanged?)",
                    key, field, lower, value);
        }
        lowerInARow.remove(key + field);
        lastTotals.put(key + field, value);
        reading.field(field, value);
        return true;
    }

    private void period(Reading.Builder reading, String field, JsonNode node) throws PayloadRejectedException {
        double value = number(node);
        if (!Double.isNaN(value)) {
            check(field, value);
            reading.field(field, value);
        }
    }

    /** Rejects the payload for a value no meter reports (NaN, infinite, beyond the limits, a negative total). */
    void check(String field, double value) throws PayloadRejectedException {
        String problem = limits.problem(field, value);
        if (problem != null) {
            throw new PayloadRejectedException(problem);
        }
    }

    /** The limits of what a meter reports (the fieldLimits bean); the shipped ones if none is set. */
    public void setLimits(FieldLimits limits) {
        this.limits = limits;
    }

    /** The device's own health: Zigbee link to the meter and firmware. */
    private Reading state(String device, JsonNode json) throws PayloadRejectedException {
        JsonNode han = json.path("han");
        Reading.Builder reading = Reading.builder("device").tag(Fields.TAG_METER, device).tag(Fields.TAG_SOURCE, SOURCE);
        double rssi = number(han.path("rssi"));
        if (!Double.isNaN(rssi)) {
            reading.field("han_rssi_dbm", rssi);
        }
        double lqi = number(han.path("lqi"));
        if (!Double.isNaN(lqi)) {
            reading.field("han_lqi", lqi);
        }
        reading.field("han_status", han.path("status").asText(null));
        reading.field("software", json.path("software").asText(null));
        reading.field("hardware", json.path("hardware").asText(null));
        if (!reading.hasFields()) {
            throw new PayloadRejectedException("STATE without han, software or hardware");
        }
        Instant time = validTime(json.path("timestamp").asText(null));
        return reading.time(time != null ? time : Instant.now()).build();
    }

    /** A plain decimal number as text, as some Glow firmware sends every value: "0.123", not "NaN" or "0x1F". */
    private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("-?\\d{1,20}(\\.\\d{1,20})?");

    /** A number, sent as a JSON number or as a decimal in a string; NaN for null, missing, other text and the like. */
    static double number(JsonNode node) {
        if (node != null && node.isNumber()) {
            return node.asDouble();
        }
        if (node != null && node.isTextual() && DECIMAL.matcher(node.textValue().strip()).matches()) {
            return Double.parseDouble(node.textValue().strip());
        }
        return Double.NaN;
    }

    /** Before this a CAD's clock was never set (it sends 1970-01-01 until it has the time). */
    private static final Instant CLOCK_SET = Instant.parse("2000-01-01T00:00:00Z");

    /** The time of a payload; null for a missing or 1970 (never set) timestamp. */
    static Instant validTime(String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return null;
        }
        try {
            Instant time = timestamp.length() == 20 ? utcSeconds(timestamp) : Instant.parse(timestamp);
            return time.isBefore(CLOCK_SET) ? null : time;
        } catch (java.time.DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    /**
     * The CAD's own form, 2024-01-15T12:00:05Z, without the general ISO parser (a tenth of the MQTT path's time in a
     * profile); any other form goes to Instant.parse.
     */
    private static Instant utcSeconds(String t) {
        if (t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':' || t.charAt(16) != ':'
                || t.charAt(19) != 'Z') {
            return Instant.parse(t);
        }
        long day = java.time.LocalDate.of(digits(t, 0, 4), digits(t, 5, 7), digits(t, 8, 10)).toEpochDay();
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        if (hour > 23 || minute > 59 || second > 59) {
            throw new java.time.DateTimeException("no time of day: " + t);
        }
        return Instant.ofEpochSecond(day * 86_400 + hour * 3600 + minute * 60 + second);
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                throw new NumberFormatException(text);
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
