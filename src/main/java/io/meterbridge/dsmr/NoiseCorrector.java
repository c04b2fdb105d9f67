package io.meterbridge.dsmr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Repairs a telegram that noise damaged, but only when the repair is provably the only one.
 *
 * <p>The search space is every change of one single byte: inside the CRC-covered part, in the CRC digits, or of
 * the '/' or '!' that frame the telegram. CRC-16/ARC is linear, so the difference between the CRC the meter sent
 * and the one computed (the syndrome) names, for each byte position, the one change there that would explain it;
 * running the CRC register backwards finds all of them in one pass. A single flipped bit is always among them,
 * and CRC-16/ARC tells single-bit errors apart exactly in telegrams up to 4095 bytes. Only telegrams with four
 * CRC digits are repaired.
 *
 * <p>Sixteen CRC bits cannot single out a byte change on their own: about L/256 positions explain any syndrome.
 * So every candidate must also parse without a malformed line and read like the next telegram of the same meter
 * after its last accepted one: the same identification and layout (every line, every value width, every
 * non-digit character) and every rule of {@link Plausibility}. The repair is delivered only when exactly one
 * candidate is left; two mean the damage is ambiguous, none that it was more than one byte, and either way the
 * telegram is rejected with what was considered. Without an earlier telegram of the meter nothing is repaired:
 * there is nothing to prove a repair against. A '!' that noise made of a CRC digit is found by its place: a meter
 * writes the end marker at the start of a line.
 */
final class NoiseCorrector {

    /** Longest CRC-covered part in which CRC-16/ARC locates a single-bit error uniquely (period 32767 bits). */
    static final int MAX_CORRECTABLE = 4095;

    /** What was done: the repaired bytes and a description, or null bytes and why not. */
    record Outcome(Candidate repair, String description) {
        boolean corrected() {
            return repair != null;
        }
    }

    /** A repaired telegram that passed the checks, with the parse the checks made of it. */
    record Candidate(byte[] bytes, TelegramParser.Layout layout, Telegram telegram, String description) {
    }

    /** The last accepted telegram of a meter, which candidates must follow: the frame as it came (frames are never reused). */
    static final class Reference {
        private final byte[] frame;
        private final TelegramParser.Layout layout;
        private final Telegram telegram;

        Reference(byte[] frame, TelegramParser.Layout layout, Telegram telegram) {
            this.frame = frame;
            this.layout = layout;
            this.telegram = telegram;
        }

        /** Null when the telegram may be this meter's next one, else why not. */
        String refuses(byte[] b, TelegramParser.Layout next, Telegram t, Plausibility rules) {
            if (!telegram.header.equals(t.header)) {
                return "another meter's identification";
            }
            return rules.violation(telegram, frame, layout, t, b, next);
        }
    }

    private final TelegramParser parser;
    private final Plausibility rules;

    NoiseCorrector(TelegramParser parser, Plausibility rules) {
        this.parser = parser;
        this.rules = rules;
    }

    /**
     * @param b         the frame as received
     * @param reference the last accepted telegram with the same identification
     */
    Outcome correct(byte[] b, TelegramParser.Layout layout, Reference reference) {
        if (layout.start() < 0) {
            return only(startRepair(b, reference), "no telegram start '/' and restoring it gives no plausible telegram");
        }
        if (!layout.terminated()) {
            return only(endRepair(b, reference), "no end '!': telegram truncated");
        }
        if (b[layout.bang() - 1] != '\n') {
            List<Candidate> digit = crcDigitMadeEnd(b, layout, reference);
            if (!digit.isEmpty()) {
                return only(digit, "");
            }
        }
        if (layout.bang() - layout.start() + 1 > MAX_CORRECTABLE) {
            return new Outcome(null, "too long to correct (" + (layout.bang() - layout.start() + 1) + " bytes)");
        }
        List<Candidate> candidates = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        String given = TelegramParser.latin1(b, layout.bang() + 1, layout.end());
        int computed = Crc16Arc.compute(b, layout.start(), layout.bang() + 1);
        Integer givenValue = given.length() == 4 ? CrcCheck.hexValue(given) : null;
        int tried = 0;
        if (givenValue != null) {
            // walk the syndrome back from the '!' towards the '/': at each byte, the one error value that explains it
            int register = computed ^ givenValue;
            for (int k = layout.bang(); k >= layout.start(); k--) {
                int v = Crc16Arc.errorValueOf(register);
                if (v > 0) {
                    tried++;
                    byte[] repaired = b.clone();
                    repaired[k] ^= (byte) v;
                    consider(repaired, k, b[k], reference, candidates, refused);
                }
                register = Crc16Arc.retreat(register);
            }
        }
        // or the data is right and one CRC digit was damaged
        String expected = String.format(Locale.ROOT, "%04X", computed);
        int diff = -1;
        if (given.length() == 4) {
            for (int i = 0; i < 4; i++) {
                if (Character.toUpperCase(given.charAt(i)) != expected.charAt(i)) {
                    diff = diff == -1 ? i : -2;
                }
            }
        }
        if (diff >= 0) {
            tried++;
            byte[] repaired = b.clone();
            int k = layout.bang() + 1 + diff;
            repaired[k] = (byte) expected.charAt(diff);
            consider(repaired, k, b[k], reference, candidates, refused);
        }
        if (candidates.size() == 1) {
            return new Outcome(candidates.get(0), candidates.get(0).description());
        }
        StringBuilder why = new StringBuilder("CRC ").append(given).append(" but computed ").append(expected).append("; ")
                .append(tried).append(" single-byte repairs explain the CRC, ").append(candidates.size())
                .append(candidates.isEmpty() ? " plausible: more than one byte damaged" : " plausible: ambiguous, not repaired");
        for (Candidate c : candidates) {
            why.append("; candidate ").append(c.description());
        }
        refused.stream().limit(3).forEach(r -> why.append("; refused ").append(r));
        return new Outcome(null, why.toString());
    }

    private static Outcome only(List<Candidate> candidates, String otherwise) {
        return candidates.size() == 1 ? new Outcome(candidates.get(0), candidates.get(0).description()) : new Outcome(null, otherwise);
    }

    /**
     * The end marker found is not at a line start, where a meter writes it, but inside a line that is '!' and four
     * characters: noise made a CRC digit a '!' ('1', 0x31, loses bit 4). Every one-byte repair must change that byte
     * back, so the only one is the digit the CRC computed up to the real '!' has there, if the other three match.
     */
    private List<Candidate> crcDigitMadeEnd(byte[] b, TelegramParser.Layout layout, Reference reference) {
        List<Candidate> candidates = new ArrayList<>();
        int lineStart = layout.bang();
        while (lineStart > layout.start() && b[lineStart - 1] != '\n') {
            lineStart--;
        }
        int lineEnd = lineStart;
        while (lineEnd < b.length && b[lineEnd] != '\r' && b[lineEnd] != '\n') {
            lineEnd++;
        }
        // only a '!' among the four digits of a line '!XXXX' (hostile frames put it anywhere)
        if (b[lineStart] == '!' && lineEnd - lineStart == 5 && layout.bang() > lineStart && layout.bang() < lineEnd) {
            String expected = String.format(Locale.ROOT, "%04X", Crc16Arc.compute(b, layout.start(), lineStart + 1));
            byte[] repaired = b.clone();
            repaired[layout.bang()] = (byte) expected.charAt(layout.bang() - lineStart - 1);
            consider(repaired, layout.bang(), b[layout.bang()], reference, candidates, new ArrayList<>());
        }
        return candidates;
    }

    /** The '/' was damaged: the frame starts with its header line but another first byte. */
    private List<Candidate> startRepair(byte[] b, Reference reference) {
        List<Candidate> candidates = new ArrayList<>();
        if (b.length > 0) {
            byte[] repaired = b.clone();
            repaired[0] = '/';
            consider(repaired, 0, b[0], reference, candidates, new ArrayList<>());
        }
        return candidates;
    }

    /** The '!' was damaged: the last line is one other character followed by the CRC digits. */
    private List<Candidate> endRepair(byte[] b, Reference reference) {
        List<Candidate> candidates = new ArrayList<>();
        int end = b.length;
        while (end > 0 && (b[end - 1] == '\r' || b[end - 1] == '\n')) {
            end--;
        }
        int lineStart = end;
        while (lineStart > 0 && b[lineStart - 1] != '\n') {
            lineStart--;
        }
        if (end - lineStart - 1 == 4 && CrcCheck.hexValue(TelegramParser.latin1(b, lineStart + 1, end)) != null) {
            byte[] repaired = b.clone();
            repaired[lineStart] = '!';
            consider(repaired, lineStart, b[lineStart], reference, candidates, new ArrayList<>());
        }
        return candidates;
    }

    /**
     * Adds the repair as a candidate when the repaired telegram is framed, has a valid CRC and no malformed line,
     * and may follow the reference; otherwise notes why not.
     */
    private void consider(byte[] repaired, int position, byte was, Reference reference, List<Candidate> out, List<String> refused) {
        TelegramParser.Layout layout = TelegramParser.layout(repaired, 0, repaired.length);
        if (!layout.terminated() || layout.start() != 0) {
            return;
        }
        Telegram t = parser.parse(repaired, layout);
        if (t.crc.status() != CrcCheck.Status.VALID || !t.malformedLines.isEmpty()) {
            return;
        }
        byte now = repaired[position];
        int bits = Integer.bitCount((was ^ now) & 0xFF);
        String description = String.format(Locale.ROOT, "byte %d was 0x%02X, restored to 0x%02X '%s' (%d bit%s)",
                position, was & 0xFF, now & 0xFF, printable(now), bits, bits == 1 ? "" : "s");
        String why = reference.refuses(repaired, layout, t, rules);
        if (why == null) {
            out.add(new Candidate(repaired, layout, t, description));
        } else {
            refused.add(description + ": " + why);
        }
    }

    private static String printable(byte c) {
        return c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : c == '\r' ? "\\r" : c == '\n' ? "\\n" : "?";
    }
}
