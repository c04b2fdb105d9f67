package io.meterbridge.tariff;

import java.util.ArrayList;
import java.util.List;

import io.meterbridge.reading.Fields;

/**
 * A cumulative register a tariff prices, and the field that carries it: electricity import and export per tariff
 * register (T1, T2 ...) or as one total, gas in m³ or, where a meter reports it as energy (a Glow), in kWh. A meter
 * with per-tariff registers is priced by those, never also by its total, so no energy is counted twice.
 */
public record Register(Commodity commodity, String name, String field, boolean export) {

    public enum Commodity {
        ELECTRICITY, GAS;

        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The registers a meter's fields carry, for a reading's or the store's field names of one measurement. */
    public static List<Register> of(String measurement, java.util.Collection<String> fields) {
        List<Register> registers = new ArrayList<>();
        if (Fields.ELECTRICITY.equals(measurement)) {
            for (String direction : new String[] { "import", "export" }) {
                boolean perTariff = false;
                for (int t = 1; t <= 4; t++) {
                    if (fields.contains(Fields.tariff(direction, t))) {
                        registers.add(new Register(Commodity.ELECTRICITY, direction + "_t" + t, Fields.tariff(direction, t), direction.equals("export")));
                        perTariff = true;
                    }
                }
                String total = "energy_" + direction + "_kwh";
                if (!perTariff && fields.contains(total)) {
                    registers.add(new Register(Commodity.ELECTRICITY, direction, total, direction.equals("export")));
                }
            }
        } else if ("gas".equals(measurement)) {
            if (fields.contains("volume_m3")) {
                registers.add(new Register(Commodity.GAS, "m3", "volume_m3", false));
            } else if (fields.contains(Fields.ENERGY_IMPORT_KWH)) {
                registers.add(new Register(Commodity.GAS, "kwh", Fields.ENERGY_IMPORT_KWH, false));
            }
        }
        return registers;
    }
}
