package io.meterbridge.dsmr;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.meterbridge.reading.Fields;
import io.meterbridge.reading.Reading;

/**
 * Turns a {@link Telegram} into {@link Reading}s: one for the electricity meter and one per M-Bus device that
 * sent a reading with a real capture time, plus the fields users compute by hand otherwise.
 */
public final class Normaliser {

    public static final String SOURCE = "dsmr";

    private Normaliser() {
    }

    /**
     * Totals over the tariffs when the meter gives none, net power, and per phase the net power and a signed
     * current from (import - export) / voltage: meters truncate current to whole amperes and give it no sign.
     */
    static void addComputedFields(Map<String, Object> f) {
        for (String direction : new String[] { "import", "export" }) {
            String total = "energy_" + direction + "_kwh";
            if (!f.containsKey(total) && f.containsKey(Fields.tariff(direction, 1))) {
                double sum = 0;
                for (int t = 1; t <= 4; t++) {
                    if (f.get(Fields.tariff(direction, t)) instanceof Double d) {
                        sum += d;
                    }
                }
                // tariff registers have three decimals; the sum should print as such, not as 2130.1150000000002
                f.put(total, Math.round(sum * 1000) / 1000.0);
            }
        }
        if (f.get(Fields.POWER_IMPORT_W) instanceof Double in && f.get(Fields.POWER_EXPORT_W) instanceof Double out) {
            f.put(Fields.POWER_NET_W, in - out);
        }
        for (int l = 1; l <= 3; l++) {
            if (f.get(Fields.phase("power_import", l, "w")) instanceof Double in
                    && f.get(Fields.phase("power_export", l, "w")) instanceof Double out) {
                double net = in - out;
                f.put(Fields.phase("power_net", l, "w"), net);
                if (f.get(Fields.phase("voltage", l, "v")) instanceof Double volts && volts > 0) {
                    f.put(Fields.phase("current_signed", l, "a"), Math.round(net / volts * 1000) / 1000.0);
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
            readings.add(Reading.builder(Fields.ELECTRICITY)
                    .tag(Fields.TAG_METER, meterId)
                    .tag(Fields.TAG_SOURCE, SOURCE)
                    .fields(t.electricity)
                    .time(time)
                    .build());
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
