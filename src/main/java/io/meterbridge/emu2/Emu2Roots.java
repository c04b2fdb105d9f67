package io.meterbridge.emu2;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The top-level elements the EMU-2 and RAVEn send (and {@code Command}, which the host sends), by lower-case name:
 * element names are case-insensitive on this protocol, so every comparison goes through here.
 */
final class Emu2Roots {

    private static final Map<String, String> CANONICAL = new TreeMap<>();

    static {
        for (String root : new String[] { "ConnectionStatus", "DeviceInfo", "ScheduleInfo", "MeterList", "MeterInfo",
                "NetworkInfo", "TimeCluster", "MessageCluster", "PriceCluster", "InstantaneousDemand",
                "CurrentSummationDelivered", "CurrentPeriodUsage", "LastPeriodUsage", "ProfileData", "BlockPriceDetail",
                "BillingPeriodList", "FastPollStatus", "Warning", "Command" }) {
            CANONICAL.put(root.toLowerCase(Locale.ROOT), root);
        }
    }

    private Emu2Roots() {
    }

    /** The protocol's spelling of a known root, or null for a name that is not one. */
    static String canonical(String name) {
        return CANONICAL.get(name.toLowerCase(Locale.ROOT));
    }
}
