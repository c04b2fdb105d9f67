package io.meterbridge.influxdb;

import java.util.Map;

import io.meterbridge.reading.Reading;
import io.meterbridge.spool.SpoolFormat;

/**
 * Readings as InfluxDB line protocol, one point per reading: measurement, tags, fields (floats, integers with the
 * {@code i} suffix, strings) and the meter's time in milliseconds (the delivery route writes with
 * {@code precision=ms}). The InfluxDB spool holds this text, so delivery is a file read and one POST.
 *
 * <p>Written by hand because it is the gateway's hottest path after parsing: client libraries build a point object
 * per reading and format every float with {@code DecimalFormat}, which cost more than the rest of delivery together
 * (docs/BENCHMARKS.md). Escaping follows the line protocol reference: commas and spaces in measurements; commas,
 * equals signs and spaces in tag keys, tag values and field keys; double quotes and backslashes in string values.
 * Line protocol has no escape for a line end, so one inside a name or text becomes a space.
 */
public class LineProtocol implements SpoolFormat {

    @Override
    public String extension() {
        return "lp";
    }

    @Override
    public void append(Object item, StringBuilder out) {
        if (item instanceof Reading reading) {
            append(reading, out);
        }
    }

    /** The reading as one line of line protocol, without its line end; nothing for a reading without fields. */
    public void append(Reading reading, StringBuilder out) {
        int start = out.length();
        escape(reading.measurement(), out, false);
        for (Map.Entry<String, String> tag : reading.tags().entrySet()) {
            if (tag.getValue() == null || tag.getValue().isEmpty()) {
                continue; // an empty tag value is a syntax error; an absent tag means the same
            }
            out.append(',');
            escape(tag.getKey(), out, true);
            out.append('=');
            escape(tag.getValue(), out, true);
        }
        char separator = ' ';
        for (Map.Entry<String, Object> field : reading.fields().entrySet()) {
            Object value = field.getValue();
            if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
                continue; // InfluxDB has no NaN or infinity; such a value carries nothing to keep
            }
            out.append(separator);
            separator = ',';
            escape(field.getKey(), out, true);
            out.append('=');
            if (value instanceof Double d) {
                appendFloat(d, out);
            } else if (value instanceof Long || value instanceof Integer) {
                out.append(((Number) value).longValue()).append('i');
            } else {
                quote(String.valueOf(value), out);
            }
        }
        if (separator == ' ') {
            out.setLength(start); // no field left: a point needs at least one
            return;
        }
        out.append(' ').append(reading.time().toEpochMilli());
    }

    /**
     * A float as the shortest text that reads back as the same double. Meter values have at most three decimals,
     * and for those printing the value in thousandths is exact and five times faster than {@code Double.toString}
     * (a third of the sink's time); anything else goes through {@code Double.toString}, whose 1.0E-5 form line
     * protocol also reads.
     */
    static void appendFloat(double value, StringBuilder out) {
        double scaled = value * 1000;
        if (Math.abs(scaled) < 1e15) {
            long thousandths = Math.round(scaled);
            // l / 1000.0 is the double nearest to the decimal l/1000, so the text below parses back to value
            if (thousandths / 1000.0 == value) {
                if (thousandths < 0) {
                    out.append('-');
                    thousandths = -thousandths;
                }
                out.append(thousandths / 1000).append('.');
                int fraction = (int) (thousandths % 1000);
                if (fraction == 0) {
                    out.append('0');
                } else {
                    out.append((char) ('0' + fraction / 100));
                    fraction %= 100;
                    if (fraction != 0) {
                        out.append((char) ('0' + fraction / 10));
                        fraction %= 10;
                        if (fraction != 0) {
                            out.append((char) ('0' + fraction));
                        }
                    }
                }
                return;
            }
        }
        out.append(value);
    }

    private static void escape(String text, StringBuilder out, boolean equalsSign) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case ',', ' ' -> out.append('\\').append(c);
                case '=' -> out.append(equalsSign ? "\\=" : "=");
                case '\n', '\r' -> out.append("\\ ");
                default -> out.append(c);
            }
        }
    }

    private static void quote(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"', '\\' -> out.append('\\').append(c);
                case '\n', '\r' -> out.append(' ');
                default -> out.append(c);
            }
        }
        out.append('"');
    }
}
