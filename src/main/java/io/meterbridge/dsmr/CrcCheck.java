package io.meterbridge.dsmr;

import java.util.Locale;

/**
 * The CRC outcome of one telegram. {@code given} is the text after '!' (1-4 hex digits, null when the
 * telegram carries none, as DSMR 2.2 and 3 do); {@code computed} is the CRC-16/ARC from '/' through '!'.
 */
public record CrcCheck(String given, int computed) {

    public enum Status { VALID, INVALID, ABSENT }

    public Status status() {
        if (given == null || given.isEmpty()) {
            return Status.ABSENT;
        }
        return given.length() <= 4 && matches(given) ? Status.VALID : Status.INVALID;
    }

    private boolean matches(String text) {
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0) {
                return false; // no sign, no space: a damaged digit must not pass as a number
            }
            value = value << 4 | digit;
        }
        return value == computed;
    }

    public String computedHex() {
        return String.format(Locale.ROOT, "%04X", computed);
    }
}
