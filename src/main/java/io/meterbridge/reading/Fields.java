package io.meterbridge.reading;

/**
 * The field and tag vocabulary every source writes and every sink, dashboard and query relies on. Names
 * carry their unit; they never change once released. docs/FIELDS.md is the table users read.
 */
public final class Fields {

    // measurements
    public static final String ELECTRICITY = "electricity";
    public static final String GAS = "gas";
    public static final String WATER = "water";
    public static final String HEAT = "heat";
    /** The metering device itself: link quality, battery, events (not the meter's values). */
    public static final String DEVICE = "device";

    // tags
    public static final String TAG_METER = "meter";
    public static final String TAG_SOURCE = "source";
    public static final String TAG_CHANNEL = "channel";

    // electricity totals
    public static final String ENERGY_IMPORT_KWH = "energy_import_kwh";
    public static final String ENERGY_EXPORT_KWH = "energy_export_kwh";
    // instantaneous power
    public static final String POWER_IMPORT_W = "power_import_w";
    public static final String POWER_EXPORT_W = "power_export_w";
    public static final String POWER_NET_W = "power_net_w";
    // interval meters (meterman, ESPI): energy within the interval that starts at the reading's time
    public static final String ENERGY_IMPORT_INTERVAL_KWH = "energy_import_interval_kwh";
    public static final String DURATION_S = "duration_s";
    public static final String CURRENT_A = "current_a";
    /** 1 where a meter's cumulative basis restarts (meterman MREB): the step to this total is not consumption. */
    public static final String REBASE = "rebase";
    // device health and events
    public static final String BATTERY_MV = "battery_mv";
    public static final String RSSI_DBM = "rssi_dbm";
    public static final String CLOCK_DRIFT_S = "clock_drift_s";
    public static final String UPTIME_S = "uptime_s";
    public static final String INTERVAL_S = "interval_s";
    public static final String IMPULSES_PER_KWH = "impulses_per_kwh";
    public static final String EVENT = "event";
    public static final String EVENT_DETAIL = "event_detail";
    public static final String MISSED_ENERGY_KWH = "missed_energy_kwh";
    public static final String MISSED_S = "missed_s";
    // M-Bus devices
    public static final String VOLUME_M3 = "volume_m3";
    public static final String ENERGY_GJ = "energy_gj";

    private Fields() {
    }

    /** Per-tariff total, e.g. {@code energy_import_t1_kwh}. */
    /** Whether a field holds the amount of one interval (summed over a period) rather than a running total. */
    public static boolean isInterval(String field) {
        return field.contains("_interval_");
    }

    public static String tariff(String direction, int tariff) {
        return "energy_" + direction + "_t" + tariff + "_kwh";
    }

    /** Per-phase name, e.g. {@code phase("voltage", 1, "v")} is {@code voltage_l1_v}. */
    public static String phase(String quantity, int phase, String unit) {
        return quantity + "_l" + phase + "_" + unit;
    }
}
