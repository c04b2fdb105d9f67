package io.meterbridge.dsmr;

import java.nio.charset.StandardCharsets;

/**
 * What a COSEM value measures, with the unit meterbridge stores it in and the factors from the units meters
 * actually send (Austria sends Wh and W where the Netherlands sends kWh and kW).
 */
enum Quantity {
    ENERGY("kwh", 1, "wh", 0.001, "mwh", 1000),
    POWER("kw", 1000, "w", 1, "mw", 1_000_000),
    REACTIVE_ENERGY("kvarh", 1, "varh", 0.001, "mvarh", 1000),
    REACTIVE_POWER("kvar", 1000, "var", 1, "mvar", 1_000_000),
    APPARENT_POWER("kva", 1000, "va", 1),
    VOLTAGE("v", 1, "kv", 1000),
    CURRENT("a", 1, "ka", 1000),
    FREQUENCY("hz", 1),
    VOLUME("m3", 1, "dm3", 0.001, "l", 0.001),
    HEAT_ENERGY("gj", 1, "mj", 0.001, "kwh", 0.0036, "mwh", 3.6),
    DURATION("s", 1),
    /** A count, a state or a ratio: no unit. */
    NUMBER;

    private final byte[][] units;
    private final double[] factors;

    Quantity(Object... unitFactorPairs) {
        this.units = new byte[unitFactorPairs.length / 2][];
        this.factors = new double[units.length];
        for (int i = 0; i < units.length; i++) {
            units[i] = ((String) unitFactorPairs[2 * i]).getBytes(StandardCharsets.US_ASCII);
            factors[i] = ((Number) unitFactorPairs[2 * i + 1]).doubleValue();
        }
    }

    /**
     * The factor that converts a value in the unit {@code text[from, to)} (as written in the telegram, any case) to the stored
     * unit; NaN when the unit does not measure this quantity. A value written without a unit (old Luxembourg Smarty
     * telegrams) is in the unit the register's definition gives, the first listed: kWh, kW, V, A, m3 as DSMR defines them.
     */
    double factor(byte[] text, int from, int to) {
        if (from == to) {
            return factors.length == 0 ? 1 : factors[0];
        }
        for (int i = 0; i < units.length; i++) {
            if (equalsIgnoreCase(units[i], text, from, to)) {
                return factors[i];
            }
        }
        return Double.NaN;
    }

    /** Compares without allocating: this runs for every value of every telegram. */
    private static boolean equalsIgnoreCase(byte[] lower, byte[] text, int from, int to) {
        if (to - from != lower.length) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            int c = text[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower[i]) {
                return false;
            }
        }
        return true;
    }
}
