package io.meterbridge.dsmr;

import java.time.ZoneId;
import java.util.Locale;

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
        String h = header.toUpperCase(Locale.ROOT);
        if (h.startsWith("FLU")) {
            return BE;
        }
        if (h.startsWith("LUX")) {
            return LU;
        }
        if (h.startsWith("EST") || h.startsWith("EBZ") || h.startsWith("KFM5KAIFA-MA")) {
            return AT;
        }
        if (h.startsWith("KAM5") || h.startsWith("ELL5")) {
            return SE;
        }
        if (h.startsWith("SAG5")) {
            return HU;
        }
        if (h.contains("MIE5")) {
            return IE;
        }
        if (h.startsWith("ESY")) {
            return DE;
        }
        return NL;
    }
}
