package io.meterbridge.mqttjson;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

import org.apache.camel.Exchange;

import io.meterbridge.reading.FieldLimits;
import io.meterbridge.reading.Fields;
import io.meterbridge.reading.PayloadRejectedException;
import io.meterbridge.reading.Reading;

/**
 * Builds a reading from exchange properties that a YAML route set, usually with the jsonpath language, so any
 * MQTT JSON device is mapped without Java (routes/examples/mqtt-json-*.camel.yaml):
 * <ul>
 * <li>{@code meterbridge.measurement}: electricity, gas, water, ... (required)</li>
 * <li>{@code meterbridge.tag.NAME}: a tag, e.g. {@code meterbridge.tag.meter} (meter is required)</li>
 * <li>{@code meterbridge.field.NAME}: a value; numbers, also numbers sent as text, become numbers, anything else
 *     text; a missing (null) value is left out</li>
 * <li>{@code meterbridge.scale.NAME}: multiply that field, e.g. 0.001 for Wh to kWh</li>
 * <li>{@code meterbridge.time}: ISO-8601 text, or epoch seconds (or milliseconds when above 10^11); without it,
 *     the receive time</li>
 * </ul>
 */
public class ReadingFromProperties {

    static final String PREFIX = "meterbridge.";
    /** ISO-8601 as most devices write it, and with a +0100 offset as AI-on-the-edge does. */
    private static final java.time.format.DateTimeFormatter[] TIME_FORMATS = {
            java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME,
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSS]XX") };

    private FieldLimits limits = FieldLimits.DEFAULT;

    public Reading build(Exchange exchange) throws PayloadRejectedException {
        Map<String, Object> properties = exchange.getAllProperties();
        Object measurement = properties.get(PREFIX + "measurement");
        if (measurement == null) {
            throw new PayloadRejectedException("the route sets no meterbridge.measurement");
        }
        Reading.Builder reading = Reading.builder(measurement.toString()).tag(Fields.TAG_SOURCE, "mqtt-json");
        for (Map.Entry<String, Object> p : properties.entrySet()) {
            String key = p.getKey();
            if (key.startsWith(PREFIX + "tag.") && p.getValue() != null) {
                reading.tag(key.substring(PREFIX.length() + 4), p.getValue().toString());
            } else if (key.startsWith(PREFIX + "field.") && p.getValue() != null) {
                String name = key.substring(PREFIX.length() + 6);
                Object value = p.getValue();
                Double number = value instanceof Number n ? Double.valueOf(n.doubleValue()) : number(value.toString());
                if (number != null) {
                    Object scale = properties.get(PREFIX + "scale." + name);
                    double scaled = number * (scale == null ? 1 : scale(scale));
                    String problem = limits.problem(name, scaled);
                    if (problem != null) {
                        throw new PayloadRejectedException(problem);
                    }
                    reading.field(name, scaled);
                } else {
                    reading.field(name, value.toString());
                }
            }
        }
        if (properties.get(PREFIX + "tag.meter") == null) {
            throw new PayloadRejectedException("no meter id (meterbridge.tag.meter) in the payload or topic");
        }
        if (!reading.hasFields()) {
            throw new PayloadRejectedException("none of the mapped fields is in the payload");
        }
        return reading.time(time(properties.get(PREFIX + "time"), exchange)).build();
    }

    /**
     * Devices such as AI-on-the-edge send numbers as text ("123.456"); those are numbers too, and so are "NaN" and
     * "Infinity", which the limits then refuse. Null for text that is no number.
     */
    private static Double number(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static double scale(Object scale) throws PayloadRejectedException {
        Double factor = scale instanceof Number n ? Double.valueOf(n.doubleValue()) : number(scale.toString());
        if (factor == null || !Double.isFinite(factor)) {
            throw new PayloadRejectedException("scale '" + scale + "' is not a number");
        }
        return factor;
    }

    /** The limits of what a meter reports (the fieldLimits bean); the shipped ones if none is set. */
    public void setLimits(FieldLimits limits) {
        this.limits = limits;
    }

    /** The segment at {@code index} of an MQTT topic, for a meter id that is part of the topic. */
    public String topicSegment(String topic, int index) {
        String[] parts = topic == null ? new String[0] : topic.split("/");
        return index < parts.length ? parts[index] : null;
    }

    private static Instant time(Object value, Exchange exchange) throws PayloadRejectedException {
        if (value == null) {
            return Instant.ofEpochMilli(exchange.getClock().getCreated());
        }
        if (value instanceof Number n) {
            long v = n.longValue();
            // from 1970 to the year 5000 in seconds, then milliseconds: anything else is no clock a device keeps
            if (v < 0 || v > 100_000_000_000_000L || !Double.isFinite(n.doubleValue())) {
                throw new PayloadRejectedException("time " + value + " is not epoch seconds or milliseconds");
            }
            return v > 100_000_000_000L ? Instant.ofEpochMilli(v) : Instant.ofEpochSecond(v);
        }
        for (java.time.format.DateTimeFormatter format : TIME_FORMATS) {
            try {
                return format.parse(value.toString(), Instant::from);
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        throw new PayloadRejectedException("time '" + value + "' is neither ISO-8601 nor epoch seconds");
    }
}
