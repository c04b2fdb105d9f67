package io.meterbridge.dsmr;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;

import io.meterbridge.dsmr.ObisCatalog.Entry;
import io.meterbridge.reading.FieldMap;

/**
 * Parses the bytes of one P1 telegram ({@code /header ... !CRC}) into a {@link Telegram}. It works on the bytes
 * directly, without regular expressions or a string per line, because it runs for every telegram of every meter.
 * It never throws on bad input: lines it cannot read are kept in {@link Telegram#getMalformedLines()}, codes it
 * does not know in {@link Telegram#getUnknownLines()}.
 *
 * <p>Grammar: a line is an OBIS code followed by one or more {@code (value)} groups. A line that starts with
 * '(' continues the previous object (DSMR 2.2 and 3 put the gas reading there), and a group whose ')' is on
 * a later line is a long text message wrapped by the meter.
 */
public final class TelegramParser {

    /** Most groups any object has: the Hungarian billing record has 20, the Belgian 13-month history 41. */
    private static final int MAX_GROUPS = 64;
    private static final double[] POW10 = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
            1e13, 1e14, 1e15, 1e16, 1e17, 1e18 };

    private static final int POWER_THRESHOLD = FieldMap.id("power_threshold_w");
    private static final int CURRENT_THRESHOLD = FieldMap.id("current_threshold_a");
    private static final int APPARENT_POWER_THRESHOLD = FieldMap.id("power_threshold_va");
    private static final int PEAK_TIME = FieldMap.id("power_peak_month_time");

    /** What follows each of A, B, C, D in A-B:C.D.E. */
    private static final byte[] OBIS_SEPARATORS = { '-', ':', '.', '.' };

    private final ZoneId zone;
    /** The last equipment ids and their text (a telegram has one or two); races only cost a decode. */
    private final Text[] lastIds = new Text[2];
    /** The last identification line and its text: a meter sends the same one every time. */
    private volatile Text lastHeader = new Text(new byte[0], "");

    /** Bytes and the string made of them, to reuse the string when the same bytes come again. */
    private record Text(byte[] bytes, String text) {
        boolean matches(byte[] b, int from, int to) {
            return java.util.Arrays.equals(bytes, 0, bytes.length, b, from, to);
        }
    }

    /** @param zone the meter clock's zone; null to take it from the dialect the header suggests */
    public TelegramParser(ZoneId zone) {
        this.zone = zone;
    }

    /** Where the telegram's parts are; computed once per frame, shared by the parser and the noise corrector. */
    record Layout(int start, int headerEnd, int bang, int end) {
        boolean terminated() {
            return bang >= 0;
        }
    }

    /** Finds '/', the end of the header line, the closing '!' and the end of the CRC text. */
    static Layout layout(byte[] b, int off, int len) {
        int limit = off + len;
        int start = off;
        while (start < limit && b[start] != '/') {
            start++;
        }
        if (start == limit) {
            return new Layout(-1, -1, -1, limit);
        }
        int headerEnd = start;
        while (headerEnd < limit && b[headerEnd] != '\r' && b[headerEnd] != '\n') {
            headerEnd++;
        }
        int bang = endAtTheEnd(b, headerEnd, limit);
        if (bang < 0) {
            bang = lastEnd(b, headerEnd, limit);
        }
        if (bang < 0) {
            return new Layout(start, headerEnd, -1, limit);
        }
        int end = bang + 1;
        while (end < limit && end - bang <= 4 && b[end] != '\r' && b[end] != '\n') {
            end++;
        }
        return new Layout(start, headerEnd, bang, end);
    }

    /**
     * The usual case, found without reading the whole frame: the framer ends a frame with "\n!CRC", so the end is
     * among its last bytes. Returns -1 when those bytes do not settle it, and the full scan decides.
     */
    private static int endAtTheEnd(byte[] b, int from, int limit) {
        for (int i = limit - 1; i >= Math.max(from + 1, limit - 8); i--) {
            if (b[i] == '!' && crcFollows(b, i + 1, limit)) {
                return b[i - 1] == '\n' ? i : -1;
            }
        }
        return -1;
    }

    /** The last end marker: a frame holds one telegram, and noise may have made an earlier byte look like one. */
    private static int lastEnd(byte[] b, int headerEnd, int limit) {
        int bang = -1;
        int depth = 0;
        byte previous = 0;
        for (int i = headerEnd; i < limit; i++) {
            byte c = b[i];
            if (c == '(') {
                depth = 1;
            } else if (c == ')') {
                depth = 0;
            } else if (isEnd(c, previous, depth) && crcFollows(b, i + 1, limit)) {
                bang = i;
            }
            previous = c;
        }
        return bang;
    }

    /**
     * '!' ends a telegram when it starts a line or stands outside any value. Either alone would do for a clean
     * telegram; together they still find the end when noise has damaged the line feed or a ')' before it.
     */
    public static boolean isEnd(byte c, byte previous, int depth) {
        return c == '!' && (previous == '\n' || depth == 0);
    }

    /**
     * Whether what follows a '!' can be its CRC: at most four characters, then a line end or the end of the
     * input. "!-0:1.8.1(...)" is a line whose first '1' noise turned into '!'; "!56DL" is an end with a damaged
     * CRC digit.
     */
    static boolean crcFollows(byte[] b, int from, int limit) {
        int i = from;
        while (i < limit && i - from < 5 && b[i] != '\r' && b[i] != '\n') {
            i++;
        }
        return i - from <= 4;
    }

    public Telegram parse(byte[] bytes) {
        return parse(bytes, 0, bytes.length);
    }

    public Telegram parse(byte[] b, int off, int len) {
        return parse(b, layout(b, off, len));
    }

    Telegram parse(byte[] b, Layout layout) {
        Telegram t = new Telegram();
        if (layout.start() < 0) {
            t.header = "";
            t.dialect = Dialect.NL;
            t.malformedLines.add("no telegram start '/'");
            return t;
        }
        t.header = header(b, layout.start() + 1, layout.headerEnd());
        t.dialect = Dialect.fromHeader(t.header);
        for (int i = layout.start() + 1; i < layout.headerEnd(); i++) {
            int c = b[i] & 0xFF;
            // printable ASCII; 0x02 appears in Iskra headers where a "\2" was mangled upstream
            if ((c < 0x20 && c != 0x02) || c > 0x7E) {
                t.malformedLines.add("/" + t.header + "  <- control or non-ASCII byte in the identification line");
                break;
            }
        }
        ZoneId clockZone = zone != null ? zone : t.dialect.zone;
        int bodyEnd = layout.terminated() ? layout.bang() : layout.end();
        if (layout.terminated()) {
            t.crc = new CrcCheck(latin1(b, layout.bang() + 1, layout.end()),
                    Crc16Arc.compute(b, layout.start(), layout.bang() + 1));
        } else {
            t.crc = new CrcCheck(null, 0);
            t.malformedLines.add("no end '!': telegram truncated");
        }
        new Lines(this, t, b, bodyEnd, clockZone).parse(layout.headerEnd());
        Normaliser.addComputedFields(t.electricity);
        return t;
    }

    /** The per-telegram scanning state. */
    private static final class Lines {
        private final TelegramParser parser;
        private final Telegram t;
        private final byte[] b;
        private final int end;
        private final ZoneId zone;
        /** Value groups of the current object as [start, end) offsets into b; most objects have one or two. */
        private int[] from = new int[8];
        private int[] to = new int[8];
        /** Where each group's number ends: at its '*', at its unit when written without one, or at its end. */
        private int[] valueEnds = new int[8];
        /** Where each group's unit starts (after the '*', or at the unit's first letter), or its end when it has none. */
        private int[] unitStarts = new int[8];
        private int groups;
        private final int[] obis = new int[5];
        private int equipmentIdRank = Integer.MAX_VALUE;
        /** The last number parseNumber read. */
        private long mantissa;
        private int decimals;

        Lines(TelegramParser parser, Telegram t, byte[] b, int end, ZoneId zone) {
            this.parser = parser;
            this.t = t;
            this.b = b;
            this.end = end;
            this.zone = zone;
        }

        void parse(int p) {
            while (p < end) {
                byte c = b[p];
                if (c == '\r' || c == '\n') {
                    p++;
                    continue;
                }
                int lineStart = p;
                p = obis(p, obis);
                if (p < 0) {
                    p = malformed(lineStart, "not an OBIS code");
                    continue;
                }
                groups = 0;
                p = groups(p);
                // continuation lines: "(value)" alone on the next line belongs to this object
                while (p >= 0) {
                    int next = skipLineEnd(p);
                    if (next < end && b[next] == '(' && next > p) {
                        p = groups(next);
                    } else {
                        break;
                    }
                }
                if (p < 0 || groups == 0) {
                    p = malformed(lineStart, groups == 0 ? "no value" : "unclosed value or text after it");
                    continue;
                }
                if (!object(obis, lineStart, p)) {
                    t.malformedLines.add(latin1(b, lineStart, p));
                }
            }
        }

        /** Reads A-B:C.D.E with an optional .F or *F (EasyMeter writes *255); returns the index after it or -1. */
        private int obis(int p, int[] out) {
            for (int i = 0; i < 5; i++) {
                int value = 0;
                int digits = 0;
                while (p < end && b[p] >= '0' && b[p] <= '9' && digits < 4) {
                    value = value * 10 + (b[p++] - '0');
                    digits++;
                }
                if (digits == 0 || value > 255) {
                    return -1;
                }
                out[i] = value;
                if (i < 4) {
                    if (p >= end || b[p] != OBIS_SEPARATORS[i]) {
                        return -1;
                    }
                    p++;
                }
            }
            if (p < end && (b[p] == '.' || b[p] == '*')) {
                p++;
                int digits = 0;
                while (p < end && b[p] >= '0' && b[p] <= '9' && digits < 4) {
                    p++;
                    digits++;
                }
                if (digits == 0) {
                    return -1;
                }
            }
            return p;
        }

        /** Reads "(...)(...)" up to the end of the line; returns the index after the line's last ')' or -1. */
        private int groups(int p) {
            while (p < end && b[p] == '(') {
                int close = p + 1;
                int star = -1;
                while (close < end && b[close] != ')') {
                    int c = b[close] & 0xFF;
                    if (c == '(' || (c < 0x20 && c != '\r' && c != '\n') || c > 0x7E) {
                        return -1;
                    }
                    if (c == '*' && star < 0) {
                        star = close;
                    }
                    close++;
                }
                if (close >= end || groups == MAX_GROUPS) {
                    return -1;
                }
                if (groups == from.length) {
                    from = java.util.Arrays.copyOf(from, MAX_GROUPS);
                    to = java.util.Arrays.copyOf(to, MAX_GROUPS);
                    valueEnds = java.util.Arrays.copyOf(valueEnds, MAX_GROUPS);
                    unitStarts = java.util.Arrays.copyOf(unitStarts, MAX_GROUPS);
                }
                from[groups] = p + 1;
                to[groups] = close;
                int unit = star < 0 ? unitWithoutStar(p + 1, close) : star + 1;
                valueEnds[groups] = star < 0 ? unit : star;
                unitStarts[groups] = unit;
                groups++;
                p = close + 1;
            }
            return p < end && b[p] != '\r' && b[p] != '\n' ? -1 : p;
        }

        /**
         * Where the unit of "(000123.456kWh)" starts, as Fluvius' e-MUCS meters write it (no '*'): after a number,
         * letters and digits that begin with a letter; the group's end when it is not such a value.
         */
        private int unitWithoutStar(int s, int e) {
            int p = s < e && b[s] == '-' ? s + 1 : s;
            int digits = 0;
            while (p < e && (b[p] >= '0' && b[p] <= '9' || b[p] == '.')) {
                digits += b[p] == '.' ? 0 : 1;
                p++;
            }
            if (digits == 0 || p == e || !letter(b[p])) {
                return e;
            }
            for (int u = p; u < e; u++) {
                if (!letter(b[u]) && !(b[u] >= '0' && b[u] <= '9')) {
                    return e;
                }
            }
            return p;
        }

        private static boolean letter(byte c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
        }

        private int skipLineEnd(int p) {
            while (p < end && (b[p] == '\r' || b[p] == '\n')) {
                p++;
            }
            return p;
        }

        private int malformed(int lineStart, String why) {
            int p = lineStart;
            while (p < end && b[p] != '\n') {
                p++;
            }
            int lineEnd = p > lineStart && b[p - 1] == '\r' ? p - 1 : p;
            t.malformedLines.add(latin1(b, lineStart, Math.min(lineEnd, end)) + "  <- " + why);
            return p;
        }

        /** Handles one complete object; false when its values do not fit what its code means. */
        private boolean object(int[] o, int lineStart, int lineEnd) {
            Entry entry = ObisCatalog.lookup(o[0], o[1], o[2], o[3], o[4]);
            if (entry == null) {
                t.unknownLines.add(latin1(b, lineStart, lineEnd));
                return true;
            }
            int last = groups - 1;
            switch (entry.kind()) {
                case VALUE:
                    return value(entry, last);
                case TIMESTAMP:
                    t.meterTimeText = latin1(b, from[0], to[0]);
                    t.meterTime = MeterClock.toInstant(b, from[0], to[0], zone);
                    return true;
                case VERSION:
                    t.version = latin1(b, from[0], to[0]);
                    return true;
                case EQUIPMENT_ID:
                    int rank = idRank(o);
                    String id = hexText(from[0], to[0]);
                    if (!id.isEmpty() && rank < equipmentIdRank) {
                        t.equipmentId = id;
                        equipmentIdRank = rank;
                    }
                    return true;
                case TEXT:
                    String text = hexText(from[0], to[0]);
                    if (!text.isEmpty()) {
                        t.electricity.put(entry.fieldId(), text);
                    }
                    return true;
                case PEAK:
                    if (groups < 2 || !value(entry, last)) {
                        return false;
                    }
                    Instant peakTime = MeterClock.toInstant(b, from[0], to[0], zone);
                    if (peakTime != null) {
                        t.electricity.put(PEAK_TIME, peakTime.toString());
                    }
                    return true;
                case FAILURE_LOG:
                    return failureLog();
                case HISTORY:
                    return history();
                default:
                    return mbus(entry, o[1]);
            }
        }

        /** Which id names the meter when it sends several: 96.1.1, then 96.1.0, 42.0.0, 96.1.255, 1-0:0.0.0. */
        private static int idRank(int[] o) {
            if (o[2] == 96) {
                return o[4] == 1 ? 0 : o[4] == 0 ? 1 : 3;
            }
            return o[2] == 42 ? 2 : 4;
        }

        private boolean value(Entry entry, int group) {
            int s = from[group];
            int e = to[group];
            int valueEnd = valueEnds[group];
            int unit = unitStarts[group];
            double factor = entry.quantity().factor(b, unit, e);
            int field = entry.fieldId();
            if (Double.isNaN(factor) && field == POWER_THRESHOLD) {
                // a power threshold in kW in DSMR 4/5, a current in A in DSMR 3, apparent power in kVA in Luxembourg
                factor = Quantity.CURRENT.factor(b, unit, e);
                field = CURRENT_THRESHOLD;
                if (Double.isNaN(factor)) {
                    factor = Quantity.APPARENT_POWER.factor(b, unit, e);
                    field = APPARENT_POWER_THRESHOLD;
                }
            }
            if (Double.isNaN(factor)) {
                return false;
            }
            if (entry.integer() && unit == e) {
                long n = integer(s, e);
                if (n < 0) {
                    return false;
                }
                t.electricity.put(field, n);
                return true;
            }
            double v = scaled(s, valueEnd, factor);
            if (Double.isNaN(v)) {
                return false;
            }
            t.electricity.put(field, v);
            return true;
        }

        /**
         * The number in {@code b[s, e)} times the unit factor, NaN if it is not a number. A factor that is a power
         * of ten moves the decimal point instead of multiplying: 2.027 kW is 2027.0 W, not 2027.0000000000002.
         */
        private double scaled(int s, int e, double factor) {
            if (!parseNumber(s, e)) {
                return Double.NaN;
            }
            int shift = powerOfTen(factor);
            if (shift != NOT_A_POWER_OF_TEN) {
                int places = decimals - shift;
                // the mantissa and a power of ten are exact doubles, so one division or product rounds correctly
                return places >= 0 ? mantissa / POW10[Math.min(places, POW10.length - 1)] : mantissa * POW10[-places];
            }
            return mantissa / POW10[decimals] * factor;
        }

        private static final int NOT_A_POWER_OF_TEN = Integer.MIN_VALUE;

        /** The exponent when the unit factor is 10^n (every one but heat's), without a logarithm per value. */
        private static int powerOfTen(double factor) {
            if (factor == 1) {
                return 0;
            }
            for (int n = 1; n <= 6; n++) {
                if (factor == POW10[n]) {
                    return n;
                }
                if (factor * POW10[n] == 1) {
                    return -n;
                }
            }
            return NOT_A_POWER_OF_TEN;
        }

        /** Reads digits with at most one '.' and an optional leading '-' into mantissa and decimals, without allocating. */
        private boolean parseNumber(int s, int e) {
            boolean negative = s < e && b[s] == '-';
            long m = 0;
            int digits = 0;
            int places = -1;
            for (int p = negative ? s + 1 : s; p < e; p++) {
                byte c = b[p];
                if (c >= '0' && c <= '9') {
                    if (++digits > 18) {
                        return false;
                    }
                    m = m * 10 + (c - '0');
                    if (places >= 0) {
                        places++;
                    }
                } else if (c == '.' && places < 0) {
                    places = 0;
                } else {
                    return false;
                }
            }
            if (digits == 0 || places == 0) {
                return false;
            }
            mantissa = negative ? -m : m;
            decimals = Math.max(places, 0);
            return true;
        }

        private long integer(int s, int e) {
            long n = 0;
            if (s == e || e - s > 18) {
                return -1;
            }
            for (int p = s; p < e; p++) {
                if (b[p] < '0' || b[p] > '9') {
                    return -1;
                }
                n = n * 10 + (b[p] - '0');
            }
            return n;
        }

        /** 1-0:99.97.0(count)(0-0:96.7.19)(end)(duration*s)...; entries with a placeholder time are left out. */
        private boolean failureLog() {
            long count = integer(from[0], to[0]);
            if (count < 0 || groups != 2 + 2 * count && !(count == 0 && groups <= 2)) {
                return false;
            }
            for (int i = 2; i + 1 < groups; i += 2) {
                Instant endTime = MeterClock.toInstant(b, from[i], to[i], zone);
                long seconds = integer(from[i + 1], valueEnds[i + 1]);
                if (seconds < 0) {
                    return false;
                }
                if (endTime != null) {
                    t.powerFailures.add(new Telegram.PowerFailure(endTime, seconds));
                }
            }
            return true;
        }

        /**
         * 0-0:98.1.0 is the Belgian 13-month peak history, (count)(code)(code) then (month)(time)(value) per
         * month, or the Hungarian monthly billing record, (time)(value)... with no count.
         */
        private boolean history() {
            long count = integer(from[0], to[0]);
            if (count >= 0 && groups == 1) {
                return true; // a bare count (Sagemcom XT211): no entries
            }
            if (count >= 0 && groups == 3 + 3 * count) {
                for (int i = 3; i + 2 < groups; i += 3) {
                    int valueEnd = valueEnds[i + 2];
                    double factor = Quantity.POWER.factor(b, unitStarts[i + 2], to[i + 2]);
                    double v = scaled(from[i + 2], valueEnd, 1);
                    if (Double.isNaN(v) || Double.isNaN(factor)) {
                        return false;
                    }
                    t.monthlyPeaks.add(new Telegram.MonthlyPeak(MeterClock.toInstant(b, from[i], to[i], zone),
                            MeterClock.toInstant(b, from[i + 1], to[i + 1], zone), scaled(from[i + 2], valueEnd, factor)));
                }
                return true;
            }
            if (count < 0) {
                for (int i = 0; i < groups; i++) {
                    t.billingRecord.add(latin1(b, from[i], to[i]));
                }
                return true;
            }
            return false;
        }

        private boolean mbus(Entry entry, int channel) {
            Telegram.MbusDevice device = t.mbus.computeIfAbsent(channel, Telegram.MbusDevice::new);
            switch (entry.kind()) {
                case MBUS_TYPE:
                    long type = integer(from[0], to[0]);
                    device.deviceType = type < 0 ? null : (int) type;
                    return type >= 0;
                case MBUS_ID:
                    String id = hexText(from[0], to[0]);
                    device.equipmentId = id.isEmpty() ? null : id;
                    return true;
                case MBUS_VALVE:
                    long valve = integer(from[0], to[0]);
                    device.valve = valve < 0 ? null : valve;
                    return valve >= 0;
                case MBUS_VALUE:
                    return groups == 2 && mbusValue(device, 1, -1);
                default:
                    // DSMR 2.2/3: (time)(00)(60)(1)(0-n:24.2.1)(unit) then (value) on the next line
                    return groups == 7 && mbusValue(device, 6, 5);
            }
        }

        /** The time in group 0, the value in group {@code value}, the unit in that group or in group {@code unit}. */
        private boolean mbusValue(Telegram.MbusDevice device, int value, int unit) {
            int ts = from[0];
            int te = to[0];
            int vs = from[value];
            int ve = to[value];
            double v = scaled(vs, valueEnds[value], 1);
            if (Double.isNaN(v)) {
                return false;
            }
            device.value = v;
            int unitStart = unitStarts[value];
            device.unit = unitStart < ve ? unit(unitStart, ve) : unit >= 0 ? unit(from[unit], to[unit]) : null;
            device.timeText = latin1(b, ts, te);
            device.time = MeterClock.toInstant(b, ts, te, zone);
            return true;
        }

        private static boolean mixedCase(CharSequence hex) {
            boolean upper = false;
            boolean lower = false;
            for (int i = 0; i < hex.length(); i++) {
                char c = hex.charAt(i);
                upper |= c >= 'A' && c <= 'F';
                lower |= c >= 'a' && c <= 'f';
            }
            return upper && lower;
        }

        /** The usual M-Bus units without a new string each time. */
        private String unit(int s, int e) {
            return e - s == 2 && b[s] == 'm' && b[s + 1] == '3' ? "m3" : e - s == 2 && b[s] == 'G' && b[s + 1] == 'J' ? "GJ"
                    : latin1(b, s, e);
        }

        /** Equipment ids repeat in every telegram: the last two decoded are kept. */
        private String hexText(int s, int e) {
            if (s == e) {
                return ""; // an empty text message must not push an equipment id out of the cache
            }
            Text[] cache = parser.lastIds;
            for (Text cached : cache) {
                if (cached != null && cached.matches(b, s, e)) {
                    return cached.text();
                }
            }
            String text = decodeHexText(s, e);
            cache[1] = cache[0];
            cache[0] = new Text(java.util.Arrays.copyOfRange(b, s, e), text);
            return text;
        }

        /** Equipment ids and texts are hex-encoded ASCII in DSMR 4/5 and plain text in older meters. */
        private String decodeHexText(int s, int e) {
            StringBuilder text = new StringBuilder(e - s);
            boolean hex = true;
            for (int p = s; p < e; p++) {
                if (b[p] != '\r' && b[p] != '\n') { // a long text may be wrapped over two lines
                    text.append((char) (b[p] & 0xFF));
                    hex &= Character.digit(b[p], 16) >= 0;
                }
            }
            if (hex && mixedCase(text)) {
                t.malformedLines.add(text + "  <- hex with both upper and lower case letters");
            }
            if (hex && text.length() > 0 && text.length() % 2 == 0) {
                byte[] decoded = new byte[text.length() / 2];
                boolean printable = true;
                for (int i = 0; i < decoded.length; i++) {
                    int c = Character.digit(text.charAt(2 * i), 16) << 4 | Character.digit(text.charAt(2 * i + 1), 16);
                    decoded[i] = (byte) c;
                    printable &= c >= 0x20 && c < 0x7F;
                }
                if (printable) {
                    return new String(decoded, StandardCharsets.US_ASCII).trim();
                }
            }
            return text.toString();
        }
    }

    private String header(byte[] b, int from, int to) {
        Text last = lastHeader;
        if (last.matches(b, from, to)) {
            return last.text();
        }
        String text = latin1(b, from, to);
        lastHeader = new Text(java.util.Arrays.copyOfRange(b, from, to), text);
        return text;
    }

    static String latin1(byte[] b, int from, int to) {
        return new String(b, from, Math.max(0, to - from), StandardCharsets.ISO_8859_1);
    }
}
