package io.meterbridge.dsmr;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.meterbridge.reading.FieldMap;
import io.meterbridge.reading.Fields;
import io.meterbridge.reading.Reading;

/**
 * Turns a {@link Telegram} into {@link Reading}s: one for the electricity meter and one per M-Bus device that
 * sent a reading with a real capture time, plus the fields users compute by hand otherwise.
 */
public final class Normaliser {

    public static final String SOURCE = "dsmr";

    // the fields the computed ones read and write, numbered once: this runs for every telegram
    private static final int[] TOTAL = { FieldMap.id(Fields.ENERGY_IMPORT_KWH), FieldMap.id(Fields.ENERGY_EXPORT_KWH) };
    private static final int[][] TARIFF = new int[2][4];
    private static final int IMPORT = FieldMap.id(Fields.POWER_IMPORT_W);
    private static final int EXPORT = FieldMap.id(Fields.POWER_EXPORT_W);
    private static final int NET = FieldMap.id(Fields.POWER_NET_W);
    private static final int[] PHASE_IMPORT = new int[3];
    private static final int[] PHASE_EXPORT = new int[3];
    private static final int[] PHASE_NET = new int[3];
    private static final int[] PHASE_VOLTAGE = new int[3];
    private static final int[] PHASE_CURRENT = new int[3];

    static {
        for (int t = 0; t < 4; t++) {
            TARIFF[0][t] = FieldMap.id(Fields.tariff("import", t + 1));
            TARIFF[1][t] = FieldMap.id(Fields.tariff("export", t + 1));
        }
        for (int l = 0; l < 3; l++) {
            PHASE_IMPORT[l] = FieldMap.id(Fields.phase("power_import", l + 1, "w"));
            PHASE_EXPORT[l] = FieldMap.id(Fields.phase("power_export", l + 1, "w"));
            PHASE_NET[l] = FieldMap.id(Fields.phase("power_net", l + 1, "w"));
            PHASE_VOLTAGE[l] = FieldMap.id(Fields.phase("voltage", l + 1, "v"));
            PHASE_CURRENT[l] = FieldMap.id(Fields.phase("current_signed", l + 1, "a"));
        }
    }

    private Normaliser() {
    }

    /**
     * Totals over the tariffs when the meter gives none, net power, and per phase the net power and a signed
     * current from (import - export) / voltage: meters truncate current to whole amperes and give it no sign.
     */
    static void addComputedFields(FieldMap f) {
        for (int d = 0; d < 2; d++) {
            if (f.get(TOTAL[d]) == null && f.get(TARIFF[d][0]) != null) {
                double sum = 0;
                for (int tariff : TARIFF[d]) {
                    double v = f.getDouble(tariff);
                    sum += Double.isNaN(v) ? 0 : v;
                }
                // tariff registers have three decimals; the sum should print as such, not as 2130.1150000000002
                f.put(TOTAL[d], Math.round(sum * 1000) / 1000.0);
            }
        }
        double in = f.getDouble(IMPORT);
        double out = f.getDouble(EXPORT);
        if (!Double.isNaN(in) && !Double.isNaN(out)) {
            f.put(NET, in - out);
        }
        for (int l = 0; l < 3; l++) {
            double phaseIn = f.getDouble(PHASE_IMPORT[l]);
            double phaseOut = f.getDouble(PHASE_EXPORT[l]);
            if (!Double.isNaN(phaseIn) && !Double.isNaN(phaseOut)) {
                double net = phaseIn - phaseOut;
                f.put(PHASE_NET[l], net);
                double volts = f.getDouble(PHASE_VOLTAGE[l]);
                if (volts > 0) {
                    f.put(PHASE_CURRENT[l], Math.round(net / volts * 1000) / 1000.0);
                }
            }
        }
    }

    /**
     * @param meter     the meter tag to use, or null for the telegram's equipment id (or, lacking one, its header)
     * @param received  when the telegram arrived: the time of readings whose meter sent no valid time
     */
    public static List<Reading> toReadings(Telegram t, String meter, Instant received) {
        String meterId = meter != null ? meter : t.equipmentId != null ? t.equipmentId : t.header.trim();
        List<Reading> readings = new ArrayList<>(1 + t.mbus.size());
        Instant time = t.meterTime != null ? t.meterTime : received;
        if (!t.electricity.isEmpty()) {
            Map<String, String> tags = new java.util.TreeMap<>();
            tags.put(Fields.TAG_METER, meterId);
            tags.put(Fields.TAG_SOURCE, SOURCE);
            // the telegram is finished: its field map becomes the reading's without a copy
            readings.add(Reading.of(Fields.ELECTRICITY, tags, t.electricity, time));
        }
        for (Telegram.MbusDevice d : t.mbus.values()) {
            // a value without a real capture time is a placeholder (an empty channel reads 0 at 1970-01-01)
            if (d.value == null || d.time == null) {
                continue;
            }
            String measurement = measurement(d);
            Reading.Builder r = Reading.builder(measurement)
                    .tag(Fields.TAG_METER, d.equipmentId != null ? d.equipmentId : meterId + "-mbus" + d.channel)
                    .tag(Fields.TAG_SOURCE, SOURCE)
                    .tag(Fields.TAG_CHANNEL, Integer.toString(d.channel))
                    .time(d.time);
            String unit = d.unit == null ? "" : d.unit.toLowerCase(java.util.Locale.ROOT);
            if (measurement.equals(Fields.ELECTRICITY)) {
                r.field(Fields.ENERGY_IMPORT_KWH, unit.equals("wh") ? d.value / 1000 : d.value);
            } else if (measurement.equals(Fields.HEAT)) {
                r.field(Fields.ENERGY_GJ, unit.equals("kwh") ? d.value * 0.0036 : unit.equals("mj") ? d.value / 1000 : d.value);
            } else {
                r.field(Fields.VOLUME_M3, unit.equals("dm3") || unit.equals("l") ? d.value / 1000 : d.value);
            }
            if (d.valve != null) {
                r.field("valve_state", d.valve);
            }
            readings.add(r.build());
        }
        return readings;
    }

    /** M-Bus device types (EN 13757-3): 2 electricity, 3 gas, 4/12/13 heat, 6/7 water; otherwise by unit. */
    static String measurement(Telegram.MbusDevice d) {
        int type = d.deviceType == null ? -1 : d.deviceType;
        switch (type) {
            case 2:
                return Fields.ELECTRICITY;
            case 3:
                return Fields.GAS;
            case 4: case 10: case 11: case 12: case 13:
                return Fields.HEAT;
            case 6: case 7: case 21: case 22:
                return Fields.WATER;
            default:
                String unit = d.unit == null ? "" : d.unit.toLowerCase(java.util.Locale.ROOT);
                return unit.equals("gj") || unit.equals("mj") ? Fields.HEAT : unit.endsWith("wh") ? Fields.ELECTRICITY : Fields.GAS;
        }
    }
}
