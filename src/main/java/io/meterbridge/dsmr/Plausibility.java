package io.meterbridge.dsmr;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

import io.meterbridge.reading.Fields;

/**
 * What a telegram may say, given the last one the same meter sent: the rules a repair must pass before it is
 * delivered. Sixteen CRC bits leave about one in 65,536 wrong telegrams passing, and a repair search makes that
 * chance far larger, so a repair must also read like the meter's next telegram, line by line:
 * <ul>
 * <li>the clock moves forward, by at most {@link #MAX_GAP};
 * <li>an energy total does not go backwards and grows by at most {@code maxPowerKw} over the time that passed;
 * <li>power, voltage and current stay within what a household connection can carry, and a voltage moves by at
 *     most {@link #MAX_VOLTAGE_STEP} V;
 * <li>an M-Bus reading (gas, water, heat) keeps its value while its own timestamp stays, and otherwise grows by
 *     at most {@link #MAX_MBUS_PER_HOUR} units an hour; a new timestamp lies after the last one and not after the
 *     meter's clock;
 * <li>where the meter's last telegram shows total power as the sum of its phases, it stays so;
 * <li>an event counter (power failures, voltage sags and swells) stays or counts one up;
 * <li>every other line is exactly the line the meter sent before (identification, versions, thresholds,
 *     messages, lines no catalogue knows).
 * </ul>
 * A real meter sometimes breaks the last rule (a new text message, a month's new peak): a damaged telegram
 * arriving in that very second is then rejected rather than repaired, which loses one reading, never a value.
 */
final class Plausibility {

    static final Duration MAX_GAP = Duration.ofHours(1);
    static final double MAX_VOLTAGE_STEP = 40;
    static final double MAX_MBUS_PER_HOUR = 20;
    /** A household connection's ceiling: 3 × 80 A at 250 V is 60 kW; the default leaves room above it. */
    static final double DEFAULT_MAX_POWER_KW = 100;

    static final String ANOTHER_LAYOUT = "another layout than the meter's last telegram";
    /** Voltage sag and swell counters of the three phases. */
    private static final Pattern SAGS_AND_SWELLS = Pattern.compile("(32|52|72)\\.3[26]\\.0");
    /** Total power and its phases' fields, import and export. */
    private static final String[][] PHASE_POWERS = { phasePowers("import"), phasePowers("export") };

    private final double maxPowerKw;

    Plausibility(double maxPowerKw) {
        this.maxPowerKw = maxPowerKw;
    }

    /**
     * Null when {@code next} may follow {@code last}, else the first rule it breaks. Both must be framed and carry
     * the same identification line (the caller compares it).
     */
    String violation(Telegram last, byte[] lastBytes, TelegramParser.Layout lastLayout, Telegram next, byte[] nextBytes,
            TelegramParser.Layout nextLayout) {
        if (last.meterTime == null || next.meterTime == null) {
            return "no meter time to compare";
        }
        Duration elapsed = Duration.between(last.meterTime, next.meterTime);
        if (elapsed.isNegative() || elapsed.isZero()) {
            return "meter time " + next.meterTimeText + " not after " + last.meterTimeText;
        }
        if (elapsed.compareTo(MAX_GAP) > 0) {
            return "meter time " + next.meterTimeText + " more than " + MAX_GAP.toMinutes() + " min after " + last.meterTimeText;
        }
        String changed = changedLines(lastBytes, lastLayout, nextBytes, nextLayout, elapsed.toMillis() / 3_600_000.0);
        if (changed != null) {
            return changed;
        }
        for (Telegram.MbusDevice was : last.mbus.values()) {
            Telegram.MbusDevice now = next.mbus.get(was.channel);
            if (now != null && was.time != null && !was.time.equals(now.time) && (now.time == null
                    || !now.time.isAfter(was.time) || now.time.isAfter(next.meterTime.plusSeconds(60)))) {
                return "M-Bus " + was.channel + " time " + now.timeText + " not between its last one and the meter's clock";
            }
        }
        for (String[] power : PHASE_POWERS) {
            if (phasesAddUp(last, power) && !phasesAddUp(next, power)) {
                return power[0] + " is not the sum of its phases, as it was in the meter's last telegram";
            }
        }
        return null;
    }

    /**
     * Whether the total power is the sum of the phases' to within their rounding (1 W each). Many meters write it
     * so; where the last telegram shows a meter does, a repair must keep it so.
     */
    private static boolean phasesAddUp(Telegram t, String[] power) {
        if (!(t.electricity.get(power[0]) instanceof Double total)) {
            return false;
        }
        double sum = 0;
        int phases = 0;
        for (int l = 1; l < power.length; l++) {
            if (t.electricity.get(power[l]) instanceof Double p) {
                sum += p;
                phases++;
            }
        }
        return phases > 0 && Math.abs(total - sum) <= phases + 1;
    }

    private static String[] phasePowers(String direction) {
        String quantity = "power_" + direction;
        return new String[] { quantity + "_w", Fields.phase(quantity, 1, "w"), Fields.phase(quantity, 2, "w"),
                Fields.phase(quantity, 3, "w") };
    }

    /**
     * One pass over both telegrams, from the identification to the '!': they must have the same layout (the same
     * bytes but for digits, and the summer/winter letter that ends a timestamp), and each line that differs must
     * pass its rule. Only the lines that differ become text: this runs for every telegram a meter sends.
     */
    private String changedLines(byte[] a, TelegramParser.Layout la, byte[] b, TelegramParser.Layout lb, double hours) {
        int from = la.start();
        int to = lb.start();
        int length = la.bang() - from;
        if (lb.bang() - to != length) {
            return ANOTHER_LAYOUT;
        }
        int i = 0;
        while (i < length) {
            int m = Arrays.mismatch(a, from + i, from + length, b, to + i, to + length);
            if (m < 0) {
                return null;
            }
            int at = i + m;
            if (!sameShape(a, from + at, b, to + at)) {
                return ANOTHER_LAYOUT; // also a line end where the other has none: the loop below always moves on
            }
            int lineStart = at;
            while (lineStart > 0 && a[from + lineStart - 1] != '\n') {
                lineStart--;
            }
            int lineEnd = at;
            while (lineEnd < length && a[from + lineEnd] != '\r' && a[from + lineEnd] != '\n') {
                lineEnd++;
            }
            for (int k = at + 1; k < lineEnd; k++) {
                if (!sameShape(a, from + k, b, to + k)) {
                    return ANOTHER_LAYOUT;
                }
            }
            String broken = line(new String(a, from + lineStart, lineEnd - lineStart, StandardCharsets.ISO_8859_1),
                    new String(b, to + lineStart, lineEnd - lineStart, StandardCharsets.ISO_8859_1), hours);
            if (broken != null) {
                return broken;
            }
            i = lineEnd;
        }
        return null;
    }

    /** The same byte, two digits, or two summer/winter letters ending a timestamp ("…0S)" and "…0W)"). */
    private static boolean sameShape(byte[] a, int i, byte[] b, int j) {
        return a[i] == b[j] || digit(a[i]) && digit(b[j]) || season(a, i) && season(b, j);
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean season(byte[] t, int i) {
        return (t[i] == 'S' || t[i] == 'W') && i > 0 && digit(t[i - 1]) && i + 1 < t.length && t[i + 1] == ')';
    }

    /** The rule for one line that changed. */
    private String line(String before, String after, double hours) {
        int open = after.indexOf('(');
        if (open < 0 || open != before.indexOf('(') || !after.regionMatches(0, before, 0, open)) {
            return "line '" + before + "' changed its code";
        }
        String code = after.substring(after.indexOf(':') + 1, open); // C.D.E, whatever the channel
        String channel = after.substring(0, after.indexOf(':') + 1);
        switch (kind(channel, code)) {
            case CLOCK:
                return null; // checked against the telegram's own meter time
            case TOTAL: {
                double was = number(before, 0);
                double now = number(after, 0);
                if (Double.isNaN(now) || Double.isNaN(was) || now < was) {
                    return code + " went from " + value(before, 0) + " to " + value(after, 0) + ": totals never go backwards";
                }
                double limit = maxPowerKw * hours + resolution(after, 0);
                return now - was > limit ? code + " grew by " + fmt(now - was) + " kWh in " + fmt(hours * 3600)
                        + " s, more than " + fmt(maxPowerKw) + " kW could" : null;
            }
            case POWER:
                return within(code, after, 0, 0, maxPowerKw);
            case VOLTAGE: {
                String range = within(code, after, 0, 0, 400);
                return range != null ? range : Math.abs(number(after, 0) - number(before, 0)) > MAX_VOLTAGE_STEP
                        ? code + " jumped from " + value(before, 0) + " to " + value(after, 0) : null;
            }
            case CURRENT:
                return within(code, after, 0, 0, 1000 * maxPowerKw / 230 / 3 + 1);
            case TARIFF:
                return null; // its shape (the same digits) is compared by the caller
            case COUNTER: {
                double was = number(before, 0);
                double now = number(after, 0);
                return now == was || now == was + 1 ? null : code + " counted from " + value(before, 0) + " to " + value(after, 0);
            }
            case MBUS: {
                if (value(after, 0).equals(value(before, 0))) {
                    return code + " changed its value without a new timestamp";
                }
                double was = number(before, 1);
                double now = number(after, 1);
                if (Double.isNaN(now) || Double.isNaN(was) || now < was) {
                    return channel + code + " went from " + value(before, 1) + " to " + value(after, 1);
                }
                return now - was > MAX_MBUS_PER_HOUR * Math.max(hours, 1.0 / 60) + resolution(after, 1)
                        ? channel + code + " grew by " + fmt(now - was) + " in " + fmt(hours * 3600) + " s" : null;
            }
            default:
                return "line " + channel + code + " changed; it is not one that changes from telegram to telegram";
        }
    }

    private enum Kind { CLOCK, TOTAL, POWER, VOLTAGE, CURRENT, TARIFF, COUNTER, MBUS, FIXED }

    /** Which rule applies to an OBIS code (C.D.E): what a meter changes from telegram to telegram, and how. */
    private static Kind kind(String channel, String code) {
        if (!channel.startsWith("1-") && !channel.startsWith("0-")) {
            return Kind.FIXED;
        }
        if (code.equals("1.0.0") && channel.equals("0-0:")) {
            return Kind.CLOCK;
        }
        if (channel.startsWith("0-") && !channel.equals("0-0:") && (code.startsWith("24.2.") || code.startsWith("24.3."))) {
            return Kind.MBUS;
        }
        if (channel.startsWith("1-") && (code.startsWith("1.8.") || code.startsWith("2.8."))) {
            return Kind.TOTAL;
        }
        if (channel.startsWith("1-") && code.endsWith(".7.0")) {
            String c = code.substring(0, code.indexOf('.'));
            switch (c) {
                case "1", "2", "21", "22", "41", "42", "61", "62":
                    return Kind.POWER;
                case "32", "52", "72":
                    return Kind.VOLTAGE;
                case "31", "51", "71":
                    return Kind.CURRENT;
                default:
                    return Kind.FIXED;
            }
        }
        if (channel.equals("1-0:") && code.equals("1.4.0")) {
            return Kind.POWER; // e-MUCS: the current quarter-hour's average demand
        }
        if (channel.equals("0-0:") && code.equals("96.14.0")) {
            return Kind.TARIFF;
        }
        if ((channel.equals("0-0:") && (code.equals("96.7.21") || code.equals("96.7.9")))
                || (channel.equals("1-0:") && (SAGS_AND_SWELLS.matcher(code).matches()))) {
            return Kind.COUNTER;
        }
        return Kind.FIXED;
    }

    private static String within(String code, String line, int group, double min, double max) {
        double v = number(line, group);
        return Double.isNaN(v) || v < min || v > max ? code + " " + value(line, group) + " outside " + fmt(min) + ".." + fmt(max) : null;
    }

    /** The text inside the group-th pair of parentheses, without its unit. */
    private static String value(String line, int group) {
        int open = -1;
        for (int g = 0; g <= group; g++) {
            open = line.indexOf('(', open + 1);
            if (open < 0) {
                return "";
            }
        }
        int close = line.indexOf(')', open);
        String v = close < 0 ? line.substring(open + 1) : line.substring(open + 1, close);
        int star = v.indexOf('*');
        return star < 0 ? v : v.substring(0, star);
    }

    private static double number(String line, int group) {
        String v = value(line, group);
        if (v.isEmpty()) {
            return Double.NaN;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.') {
                return Double.NaN;
            }
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** One unit of the value's last digit: a total that rounds may move by that much more. */
    private static double resolution(String line, int group) {
        String v = value(line, group);
        int dot = v.indexOf('.');
        return dot < 0 ? 1 : Math.pow(10, -(v.length() - dot - 1));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v).replaceAll("\\.?0+$", "");
    }
}
