package io.meterbridge.dsmr;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The CRC outcome of one telegram. {@code given} is the text after '!' (four hex digits, or fewer from a meter
 * that drops leading zeros, null when the telegram carries none, as DSMR 2.2 and 3 do); {@code computed} is the
 * CRC-16/ARC from '/' through '!'. Fewer than four digits match only in that unpadded form (no leading zero), so
 * a lost digit does not turn a wrong CRC into a shorter number that matches.
 */
public record CrcCheck(String given, @JsonIgnore int computed) {

    public enum Status { VALID, INVALID, ABSENT }

    public Status status() {
        if (given == null || given.isEmpty()) {
            return Status.ABSENT;
        }
        boolean canonical = given.length() == 4 || given.charAt(0) != '0';
        Integer value = canonical ? hexValue(given) : null;
        return value != null && value == computed ? Status.VALID : Status.INVALID;
    }

    /** The value of 1-4 hex digits, or null for anything else: a damaged digit must not pass as a number. */
    static Integer hexValue(String text) {
        if (text == null || text.isEmpty() || text.length() > 4) {
            return null;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0) {
                return null; // no sign, no space
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /** As the telegram writes its CRC: four hex digits (decode prints this, not the number). */
    @JsonProperty("computed")
    public String computedHex() {
        return String.format(Locale.ROOT, "%04X", computed);
    }
}
