package io.meterbridge.emu2;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.time.Instant;
import java.util.Locale;

/** The RAVEn XML API's value rules: hex numbers with Multiplier and Divisor, its epoch (2000-01-01 UTC), MACs. */
final class Hex {

    /** TimeStamp and friends count seconds from 2000-01-01T00:00:00Z. */
    static final long EPOCH_2000 = 946_684_800L;

    private Hex() {
    }

    /** An unsigned hex value ({@code 0x} optional; any width); null when absent or not hex. */
    static BigInteger unsigned(String text) {
        if (text == null) {
            return null;
        }
        String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        if (digits.isEmpty() || digits.length() > 32) {
            return null;
        }
        try {
            return new BigInteger(digits, 16);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** How many hex digits the field had, which says whether its top bit is a sign. */
    static int digits(String text) {
        return text.startsWith("0x") || text.startsWith("0X") ? text.length() - 2 : text.length();
    }

    /** Two's complement at bit 31 (demand, period usage): devices send an export as a negative 32-bit value. */
    static BigInteger signed32(BigInteger raw) {
        if (raw.bitLength() <= 32 && raw.testBit(31)) {
            return raw.subtract(BigInteger.ONE.shiftLeft(32));
        }
        return raw;
    }

    /** raw × Multiplier / Divisor, where 0 means 1 (RAVEn manual p. 22), exactly. */
    static BigDecimal scaled(BigInteger raw, Fragment f) {
        BigInteger multiplier = orOne(unsigned(f.get("Multiplier")));
        BigInteger divisor = orOne(unsigned(f.get("Divisor")));
        return new BigDecimal(raw).multiply(new BigDecimal(multiplier)).divide(new BigDecimal(divisor), MathContext.DECIMAL64);
    }

    private static BigInteger orOne(BigInteger v) {
        return v == null || v.signum() == 0 ? BigInteger.ONE : v;
    }

    /** A protocol time, or null for the fillers (0, 0xFFFFFF, 0xFFFFFFFF) and absent ones. */
    static Instant time(String text) {
        BigInteger raw = unsigned(text);
        if (raw == null || raw.signum() == 0 || raw.bitLength() > 32 || raw.longValue() == 0xFFFFFFL || raw.longValue() == 0xFFFFFFFFL) {
            return null;
        }
        return Instant.ofEpochSecond(EPOCH_2000 + raw.longValue());
    }

    static String mac(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        return t.startsWith("0x") ? t.substring(2) : t;
    }
}
