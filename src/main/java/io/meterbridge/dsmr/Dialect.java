package io.meterbridge.dsmr;

import java.time.ZoneId;

/**
 * The national P1 variants. The dialect decides the time zone of the meter's clock when none is configured;
 * every continental one shares the CET/CEST rules, so a wrong guess among them changes nothing, but Ireland's
 * does not.
 */
public enum Dialect {
    NL("Europe/Amsterdam"), BE("Europe/Brussels"), LU("Europe/Luxembourg"), AT("Europe/Vienna"),
    SE("Europe/Stockholm"), HU("Europe/Budapest"), IE("Europe/Dublin"), DE("Europe/Berlin");

    public final ZoneId zone;

    Dialect(String zone) {
        this.zone = ZoneId.of(zone);
    }

    /** A best guess from the identification line (without the leading '/'). */
    public static Dialect fromHeader(String header) {
        if (starts(header, "FLU")) {
            return BE;
        }
        if (starts(header, "LUX")) {
            return LU;
        }
        if (starts(header, "EST") || starts(header, "EBZ") || starts(header, "KFM5KAIFA-MA")) {
            return AT;
        }
        if (starts(header, "KAM5") || starts(header, "ELL5")) {
            return SE;
        }
        if (starts(header, "SAG5")) {
            return HU;
        }
        if (header.regionMatches(true, 5, "MIE5", 0, 4)) {
            return IE;
        }
        if (starts(header, "ESY")) {
            return DE;
        }
        return NL;
    }

    private static boolean starts(String header, String prefix) {
        return header.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}
