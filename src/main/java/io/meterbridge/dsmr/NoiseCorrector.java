package io.meterbridge.dsmr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Repairs a telegram that noise damaged, but only when the repair is provably the only one.
 *
 * <p>The hypotheses are every change of one single byte: inside the CRC-covered part, in the CRC digits, or of
 * the '/' or '!' that frame the telegram. CRC-16/ARC is linear, so the difference between the CRC the meter sent
 * and the one computed (the syndrome) names, for each byte position, the one change there that would explain it;
 * running the CRC register backwards finds all of them in one pass. A single flipped bit is always among them,
 * and CRC-16/ARC tells single-bit errors apart exactly in telegrams up to 4095 bytes.
 *
 * <p>Sixteen CRC bits cannot single out a byte change on their own: about L/256 positions explain any syndrome.
 * So a candidate must also leave a telegram that parses without a malformed line, and then either
 * <ul>
 * <li>match the last good telegram of the same meter: the same identification, the same layout (every line,
 *     every value width, every non-digit character) and no total lower than before; or, with no such telegram,
 * <li>repair a defect the damaged telegram visibly has (a malformed line or a code turned unknown).
 * </ul>
 * The repair is accepted when exactly one candidate is left. For a single damaged byte the true repair is always
 * a candidate, so a second one means ambiguity and the telegram is rejected: it is never "repaired" into a wrong
 * one. Damage beyond one byte is outside what can be proven and is rejected unless the checks above single out
 * one repair, which random damage rarely survives.
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
    record Candidate(byte[] bytes, TelegramParser.Layout layout, Telegram telegram, String description, int position,
            boolean singleBit) {
    }

    /**
     * The last good telegram of a meter, which candidates must match. It holds the frame as it came (frames are
     * never reused) and derives its layout and totals only when a repair needs them.
     */
    static final class Reference {
        private final byte[] frame;
        private final TelegramParser.Layout layout;
        private final Telegram telegram;
        private byte[] shape;
        private java.util.Map<String, Double> totals;

        Reference(byte[] frame, TelegramParser.Layout layout, Telegram telegram) {
            this.frame = frame;
            this.layout = layout;
            this.telegram = telegram;
        }

        /** The bytes from '/' to '!'. */
        byte[] bytes() {
            return java.util.Arrays.copyOfRange(frame, layout.start(), layout.bang() + 1);
        }

        boolean admits(byte[] b, TelegramParser.Layout candidate, Telegram t) {
            if (shape == null) {
                shape = shape(frame, layout);
                totals = totals(telegram);
            }
            if (!telegram.header.equals(t.header) || !java.util.Arrays.equals(shape, shape(b, candidate))) {
                return false;
            }
            java.util.Map<String, Double> now = totals(t);
            for (var total : totals.entrySet()) {
                Double value = now.get(total.getKey());
                if (value == null || value < total.getValue()) {
                    return false; // totals never go backwards
                }
            }
            return true;
        }

        private static java.util.Map<String, Double> totals(Telegram t) {
            java.util.Map<String, Double> totals = new java.util.HashMap<>();
            t.electricity.forEach((name, value) -> {
                if (name.startsWith("energy_") && value instanceof Double d) {
                    totals.put(name, d);
                }
            });
            t.mbus.values().forEach(d -> {
                if (d.value != null) {
                    totals.put("mbus" + d.channel, d.value);
                }
            });
            return totals;
        }

        /** The telegram with every digit replaced by '0': what stays the same from one telegram to the next. */
        private static byte[] shape(byte[] b, TelegramParser.Layout layout) {
            byte[] shape = java.util.Arrays.copyOfRange(b, layout.start(), layout.bang() + 1);
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] >= '0' && shape[i] <= '9') {
                    shape[i] = '0';
                }
            }
            return shape;
        }
    }

    private final TelegramParser parser;

    NoiseCorrector(TelegramParser parser) {
        this.parser = parser;
    }

    /**
     * @param damaged   the telegram as received
     * @param reference the last good telegram with the same identification line, or null
     */
    Outcome correct(byte[] b, TelegramParser.Layout layout, Telegram damaged, Reference reference) {
        int defects = defects(damaged);
        if (layout.start() < 0) {
            return startRepair(b, reference);
        }
        if (!layout.terminated()) {
            return endRepair(b, reference);
        }
        if (layout.bang() - layout.start() + 1 > MAX_CORRECTABLE) {
            return new Outcome(null, "too long to correct (" + (layout.bang() - layout.start() + 1) + " bytes)");
        }
        List<Candidate> candidates = new ArrayList<>();
        String given = TelegramParser.latin1(b, layout.bang() + 1, layout.end());
        int computed = Crc16Arc.compute(b, layout.start(), layout.bang() + 1);
        Integer givenValue = CrcCheck.hexValue(given);
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
                    // without a reference, a change of data must repair something visibly wrong
                    describeIfValid(repaired, candidates, k, b[k], repaired[k], reference, reference == null ? defects : Integer.MAX_VALUE);
                }
                register = Crc16Arc.retreat(register);
            }
        }
        // or the data is right and a CRC digit was damaged
        String expected = given.isEmpty() ? "" : given.length() < 4 ? String.format(Locale.ROOT, "%0" + given.length() + "X", computed)
                : String.format(Locale.ROOT, "%04X", computed);
        int diff = -1;
        if (!given.isEmpty() && expected.length() == given.length()) {
            for (int i = 0; i < given.length(); i++) {
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
            describeIfValid(repaired, candidates, k, b[k], repaired[k], reference, Integer.MAX_VALUE);
        }
        if (candidates.size() == 1) {
            return new Outcome(candidates.get(0), candidates.get(0).description());
        }
        Candidate bitFlip = singleBitTowardsReference(candidates, b, layout, reference);
        if (bitFlip != null) {
            return new Outcome(bitFlip, bitFlip.description() + "; preferred over "
                    + (candidates.size() - 1) + " multi-bit alternative(s)");
        }
        return new Outcome(null, "CRC " + given + " but computed " + String.format(Locale.ROOT, "%04X", computed)
                + "; " + tried + " single-byte repairs explain the CRC, " + candidates.size() + " pass the checks"
                + (candidates.isEmpty() ? ": more than one byte damaged" : ": ambiguous"));
    }

    /** The '/' was damaged: the frame starts with its header line but another first byte. */
    private Outcome startRepair(byte[] b, Reference reference) {
        if (b.length == 0) {
            return new Outcome(null, "empty frame");
        }
        byte[] repaired = b.clone();
        repaired[0] = '/';
        List<Candidate> candidates = new ArrayList<>();
        describeIfValid(repaired, candidates, 0, b[0], repaired[0], reference, Integer.MAX_VALUE);
        return candidates.isEmpty() ? new Outcome(null, "no telegram start '/' and restoring it does not give a valid CRC")
                : new Outcome(candidates.get(0), candidates.get(0).description());
    }

    /** The '!' was damaged: the last line is one other character followed by the CRC digits. */
    private Outcome endRepair(byte[] b, Reference reference) {
        int end = b.length;
        while (end > 0 && (b[end - 1] == '\r' || b[end - 1] == '\n')) {
            end--;
        }
        int lineStart = end;
        while (lineStart > 0 && b[lineStart - 1] != '\n') {
            lineStart--;
        }
        int digits = end - lineStart - 1;
        if (digits < 1 || digits > 4 || CrcCheck.hexValue(TelegramParser.latin1(b, lineStart + 1, end)) == null) {
            return new Outcome(null, "no end '!': telegram truncated");
        }
        byte[] repaired = b.clone();
        repaired[lineStart] = '!';
        List<Candidate> candidates = new ArrayList<>();
        describeIfValid(repaired, candidates, lineStart, b[lineStart], repaired[lineStart], reference, Integer.MAX_VALUE);
        return candidates.isEmpty() ? new Outcome(null, "no end '!' and restoring it does not give a valid CRC")
                : new Outcome(candidates.get(0), candidates.get(0).description());
    }

    /**
     * Adds the repair as a candidate when the repaired telegram has a valid CRC, no malformed line, fewer defects
     * than {@code defectsBefore}, and matches the reference when there is one.
     */
    private void describeIfValid(byte[] repaired, List<Candidate> out, int position, byte was, byte now,
            Reference reference, int defectsBefore) {
        TelegramParser.Layout layout = TelegramParser.layout(repaired, 0, repaired.length);
        if (!layout.terminated() || layout.start() != 0) {
            return;
        }
        Telegram t = parser.parse(repaired, layout);
        if (t.crc.status() != CrcCheck.Status.VALID || !t.malformedLines.isEmpty() || defects(t) >= defectsBefore) {
            return;
        }
        if (reference != null && !reference.admits(repaired, layout, t)) {
            return;
        }
        int bits = Integer.bitCount((was ^ now) & 0xFF);
        out.add(new Candidate(repaired, layout, t, String.format(Locale.ROOT, "byte %d was 0x%02X, restored to 0x%02X '%s' (%d bit%s)",
                position, was & 0xFF, now & 0xFF, printable(now), bits, bits == 1 ? "" : "s"), position, bits == 1));
    }

    /**
     * Among several candidates, the single-bit one when noise is the likelier explanation: the byte it restores
     * ends equal to the last good telegram, or was already different from it (a value that changed), or is a CRC
     * digit. The CRC locates single-bit errors in the data exactly, so at most one such data candidate exists; a
     * multi-bit error elsewhere that a single-bit candidate also explains would have to hit such a byte too,
     * which the corruption test measures. Two such single-bit candidates (data and CRC digit) stay ambiguous.
     */
    private static Candidate singleBitTowardsReference(List<Candidate> candidates, byte[] b,
            TelegramParser.Layout layout, Reference reference) {
        if (reference == null) {
            return null;
        }
        Candidate chosen = null;
        byte[] last = reference.bytes();
        for (Candidate c : candidates) {
            int i = c.position() - layout.start();
            boolean crcDigit = i >= last.length;
            boolean towards = crcDigit || (i >= 0 && (c.bytes()[c.position()] == last[i] || b[c.position()] != last[i]));
            if (c.singleBit() && towards) {
                if (chosen != null) {
                    return null;
                }
                chosen = c;
            }
        }
        return chosen;
    }

    private static int defects(Telegram t) {
        return t.malformedLines.size() + t.unknownLines.size();
    }

    private static String printable(byte c) {
        return c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : c == '\r' ? "\\r" : c == '\n' ? "\\n" : "?";
    }
}
