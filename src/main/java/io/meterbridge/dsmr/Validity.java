package io.meterbridge.dsmr;

import java.util.Locale;

/** What the check of one telegram concluded; written to the validity CSV for every telegram. */
public enum Validity {
    /** The CRC matched. */
    VALID,
    /** The CRC did not match, and exactly one single-byte repair made it match and parse cleanly. */
    CORRECTED,
    /** No CRC to check (DSMR 2.2 and 3 send none). */
    UNCHECKED,
    /** The CRC did not match, no repair was proven, and the data format was told to accept it anyway. */
    ACCEPTED_INVALID,
    /** Not delivered: damaged beyond a proven repair, truncated, or oversized. */
    REJECTED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
