package io.meterbridge.dsmr;

import java.util.Map;
import java.util.TreeMap;

import io.meterbridge.reading.FieldMap;
import io.meterbridge.reading.Fields;

/**
 * What each OBIS code in a P1 telegram means: the field it becomes and its quantity, or the special handling it
 * needs. One table for every national dialect; docs/FIELDS.md lists it for users. Codes are packed into a long
 * and looked up in a small hash table, because this runs for every line of every telegram.
 */
final class ObisCatalog {

    enum Kind {
        VALUE, TIMESTAMP, VERSION, EQUIPMENT_ID, TEXT, PEAK, FAILURE_LOG, HISTORY,
        MBUS_TYPE, MBUS_ID, MBUS_VALUE, MBUS_LEGACY_VALUE, MBUS_VALVE
    }

    record Entry(String obis, Kind kind, String field, Quantity quantity, boolean integer, int fieldId) {
    }

    /** B value that stands for "any M-Bus channel 1-4" in the table. */
    private static final int ANY_CHANNEL = 255;

    private static final Entry[] ENTRIES;
    /** Open addressing on the packed code: one multiply and usually one probe per line. */
    private static final int SLOTS = 1024;
    private static final long[] SLOT_KEYS = new long[SLOTS];
    private static final Entry[] SLOT_ENTRIES = new Entry[SLOTS];

    static {
        Map<Long, Entry> table = new TreeMap<>();
        // abstract objects
        put(table, "0-0:1.0.0", Kind.TIMESTAMP, null, null, false);
        put(table, "1-3:0.2.8", Kind.VERSION, "dsmr_version", null, false);
        put(table, "0-0:96.1.4", Kind.VERSION, "dsmr_version", null, false);
        for (String id : new String[] { "0-0:96.1.1", "0-0:96.1.0", "0-0:42.0.0", "0-0:96.1.255", "1-0:0.0.0" }) {
            put(table, id, Kind.EQUIPMENT_ID, null, null, false);
        }
        value(table, "0-0:96.14.0", "tariff", Quantity.NUMBER, true);
        value(table, "0-0:96.7.21", "power_failures", Quantity.NUMBER, true);
        value(table, "0-0:96.7.9", "long_power_failures", Quantity.NUMBER, true);
        value(table, "0-0:96.3.10", "breaker_state", Quantity.NUMBER, true);
        value(table, "0-0:17.0.0", "power_threshold_w", Quantity.POWER, false);
        put(table, "0-0:96.13.0", Kind.TEXT, "text_message", null, false);
        put(table, "0-0:96.13.1", Kind.TEXT, "text_code", null, false);
        put(table, "0-0:98.1.0", Kind.HISTORY, null, null, false);
        // electricity totals
        value(table, "1-0:1.8.0", Fields.ENERGY_IMPORT_KWH, Quantity.ENERGY, false);
        value(table, "1-0:2.8.0", Fields.ENERGY_EXPORT_KWH, Quantity.ENERGY, false);
        for (int t = 1; t <= 4; t++) {
            value(table, "1-0:1.8." + t, Fields.tariff("import", t), Quantity.ENERGY, false);
            value(table, "1-0:2.8." + t, Fields.tariff("export", t), Quantity.ENERGY, false);
        }
        value(table, "1-0:15.8.0", "energy_combined_kwh", Quantity.ENERGY, false);
        value(table, "1-0:3.8.0", "reactive_energy_import_kvarh", Quantity.REACTIVE_ENERGY, false);
        value(table, "1-0:4.8.0", "reactive_energy_export_kvarh", Quantity.REACTIVE_ENERGY, false);
        for (int t = 1; t <= 2; t++) {
            value(table, "1-0:3.8." + t, "reactive_energy_import_t" + t + "_kvarh", Quantity.REACTIVE_ENERGY, false);
            value(table, "1-0:4.8." + t, "reactive_energy_export_t" + t + "_kvarh", Quantity.REACTIVE_ENERGY, false);
        }
        value(table, "1-0:3.7.0", "reactive_power_import_var", Quantity.REACTIVE_POWER, false);
        value(table, "1-0:4.7.0", "reactive_power_export_var", Quantity.REACTIVE_POWER, false);
        for (int q = 1; q <= 4; q++) {
            value(table, "1-0:" + (4 + q) + ".8.0", "reactive_energy_q" + q + "_kvarh", Quantity.REACTIVE_ENERGY, false);
            value(table, "1-0:" + (4 + q) + ".7.0", "reactive_power_q" + q + "_var", Quantity.REACTIVE_POWER, false);
        }
        // instantaneous values, total and per phase (phase L1 codes start at 20, L2 at 40, L3 at 60)
        value(table, "1-0:1.7.0", Fields.POWER_IMPORT_W, Quantity.POWER, false);
        value(table, "1-0:2.7.0", Fields.POWER_EXPORT_W, Quantity.POWER, false);
        value(table, "1-0:1.4.0", "power_demand_avg_w", Quantity.POWER, false);
        put(table, "1-0:1.6.0", Kind.PEAK, "power_peak_month_w", Quantity.POWER, false);
        value(table, "1-0:13.7.0", "power_factor", Quantity.NUMBER, false);
        value(table, "1-0:14.7.0", "frequency_hz", Quantity.FREQUENCY, false);
        for (int l = 1; l <= 3; l++) {
            int base = 20 * l;
            value(table, "1-0:" + (base + 1) + ".7.0", Fields.phase("power_import", l, "w"), Quantity.POWER, false);
            value(table, "1-0:" + (base + 2) + ".7.0", Fields.phase("power_export", l, "w"), Quantity.POWER, false);
            value(table, "1-0:" + (base + 3) + ".7.0", Fields.phase("reactive_power_import", l, "var"), Quantity.REACTIVE_POWER, false);
            value(table, "1-0:" + (base + 4) + ".7.0", Fields.phase("reactive_power_export", l, "var"), Quantity.REACTIVE_POWER, false);
            value(table, "1-0:" + (base + 11) + ".7.0", Fields.phase("current", l, "a"), Quantity.CURRENT, false);
            value(table, "1-0:" + (base + 12) + ".7.0", Fields.phase("voltage", l, "v"), Quantity.VOLTAGE, false);
            value(table, "1-0:" + (base + 13) + ".7.0", "power_factor_l" + l, Quantity.NUMBER, false);
            value(table, "1-0:" + (base + 11) + ".4.0", Fields.phase("current_limit", l, "a"), Quantity.CURRENT, false);
            value(table, "1-0:" + (base + 12) + ".32.0", "voltage_sags_l" + l, Quantity.NUMBER, true);
            value(table, "1-0:" + (base + 12) + ".36.0", "voltage_swells_l" + l, Quantity.NUMBER, true);
        }
        put(table, "1-0:99.97.0", Kind.FAILURE_LOG, null, null, false);
        // M-Bus devices (gas, water, heat, slave electricity) on any channel
        put(table, "0-255:24.1.0", Kind.MBUS_TYPE, null, null, false);
        put(table, "0-255:96.1.0", Kind.MBUS_ID, null, null, false);
        put(table, "0-255:96.1.1", Kind.MBUS_ID, null, null, false);
        put(table, "0-255:24.2.1", Kind.MBUS_VALUE, null, null, false);
        put(table, "0-255:24.2.3", Kind.MBUS_VALUE, null, null, false);
        put(table, "0-255:24.3.0", Kind.MBUS_LEGACY_VALUE, null, null, false);
        put(table, "0-255:24.4.0", Kind.MBUS_VALVE, null, null, false);

        ENTRIES = table.values().toArray(new Entry[0]);
        table.forEach((key, entry) -> {
            int slot = slot(key);
            while (SLOT_ENTRIES[slot] != null) {
                slot = (slot + 1) & (SLOTS - 1);
            }
            SLOT_KEYS[slot] = key;
            SLOT_ENTRIES[slot] = entry;
        });
    }

    private ObisCatalog() {
    }

    private static void value(Map<Long, Entry> table, String obis, String field, Quantity quantity, boolean integer) {
        put(table, obis, Kind.VALUE, field, quantity, integer);
    }

    private static void put(Map<Long, Entry> table, String obis, Kind kind, String field, Quantity quantity, boolean integer) {
        long key = parse(obis);
        int fieldId = field == null ? -1 : FieldMap.id(field);
        if (table.put(key, new Entry(obis, kind, field, quantity, integer, fieldId)) != null) {
            throw new IllegalStateException("OBIS code twice in the catalogue: " + obis);
        }
    }

    /** Packs A-B:C.D.E with F = 255, the value every P1 code has. */
    static long pack(int a, int b, int c, int d, int e) {
        return ((long) a << 40) | ((long) b << 32) | ((long) c << 24) | (d << 16) | (e << 8) | 255;
    }

    private static long parse(String obis) {
        String[] p = obis.split("[-:.]");
        return pack(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]), Integer.parseInt(p[3]),
                Integer.parseInt(p[4]));
    }

    /**
     * The entry for a code, or null. Electricity codes on another channel (the Sagemcom XT211's {@code 1-1:1.8.1})
     * fall back to channel 0; {@code 0-n:} codes with n in 1-4 are M-Bus devices.
     */
    static Entry lookup(int a, int b, int c, int d, int e) {
        Entry entry = find(pack(a, b, c, d, e));
        if (entry == null && a == 1 && b != 0) {
            entry = find(pack(1, 0, c, d, e));
        }
        if (entry == null && a == 0 && b >= 1 && b <= 4) {
            entry = find(pack(0, ANY_CHANNEL, c, d, e));
        }
        return entry;
    }

    private static Entry find(long key) {
        for (int slot = slot(key); SLOT_ENTRIES[slot] != null; slot = (slot + 1) & (SLOTS - 1)) {
            if (SLOT_KEYS[slot] == key) {
                return SLOT_ENTRIES[slot];
            }
        }
        return null;
    }

    private static int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 54); // Fibonacci hashing into 10 bits
    }

    /** Every entry, for the documentation test. */
    static Entry[] entries() {
        return ENTRIES.clone();
    }
}
