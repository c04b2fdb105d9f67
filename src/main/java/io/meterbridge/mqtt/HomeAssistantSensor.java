package io.meterbridge.mqtt;

import io.meterbridge.reading.Fields;

/**
 * How Home Assistant should show a field of the vocabulary: device class, state class and unit, derived from
 * the field's name and measurement. Running totals, and totals of the period so far that start again from 0 (today,
 * this month), are total_increasing, as Home Assistant defines it; the amount of one interval (meterman, Green
 * Button) is total with the interval's start as its last reset, so the Energy dashboard adds each interval once
 * instead of reading a smaller interval as a meter reset; the total of a past period, sent again and again, stays
 * out of the statistics (no state class). Instantaneous values are measurement; a field it cannot classify is still
 * announced, as a plain sensor.
 */
record HomeAssistantSensor(String deviceClass, String stateClass, String unit) {

    static final String TOTAL = "total";
    /** Stands for the currency tag of the reading in a unit. */
    static final String CURRENCY = "{currency}";

    static HomeAssistantSensor of(String measurement, String field) {
        HomeAssistantSensor sensor = byName(measurement, field);
        if (sensor.stateClass() == null || !sensor.stateClass().startsWith(TOTAL)) {
            return sensor;
        }
        if (Fields.isInterval(field)) {
            return new HomeAssistantSensor(sensor.deviceClass(), TOTAL, sensor.unit());
        }
        if (field.contains("_last_period")) {
            return new HomeAssistantSensor(sensor.deviceClass(), null, sensor.unit());
        }
        return sensor;
    }

    /**
     * The template of the last reset Home Assistant needs with each value of a total, or null: the start of the
     * interval an amount covers, or the time running costs are counted from.
     */
    String lastReset() {
        if (!TOTAL.equals(stateClass)) {
            return null;
        }
        return "monetary".equals(deviceClass) ? "{{ value_json.fields.cost_since }}" : "{{ value_json.time }}";
    }

    private static HomeAssistantSensor byName(String measurement, String field) {
        if (measurement.equals("cost")) {
            if (field.startsWith("cost_") && field.endsWith("_total") || field.startsWith("credit_")) {
                return new HomeAssistantSensor("monetary", TOTAL, CURRENCY);
            }
            if (field.startsWith("price_")) {
                return new HomeAssistantSensor(null, "measurement", CURRENCY + (field.endsWith("_m3") ? "/m³" : "/kWh"));
            }
            if (field.equals("cost_since")) {
                return new HomeAssistantSensor("timestamp", null, null);
            }
        }
        if (field.equals("volume_m3")) {
            return new HomeAssistantSensor(measurement.equals("water") ? "water" : "gas", "total_increasing", "m³");
        }
        if (field.startsWith("volume_") && field.endsWith("_m3")) { // today, this week, this month
            return new HomeAssistantSensor(measurement.equals("water") ? "water" : "gas", "total_increasing", "m³");
        }
        if (field.equals("temperature_c")) {
            return new HomeAssistantSensor("temperature", "measurement", "°C");
        }
        if (field.equals("humidity_percent")) {
            return new HomeAssistantSensor("humidity", "measurement", "%");
        }
        if (field.equals("battery_percent")) {
            return new HomeAssistantSensor("battery", "measurement", "%");
        }
        if (field.equals("rssi_dbm")) {
            return new HomeAssistantSensor("signal_strength", "measurement", "dBm");
        }
        if (field.equals("energy_gj")) {
            return new HomeAssistantSensor("energy", "total_increasing", "GJ");
        }
        if (field.startsWith("energy_") && field.endsWith("_kwh")) {
            return new HomeAssistantSensor("energy", "total_increasing", "kWh");
        }
        if (field.startsWith("reactive_energy_") && field.endsWith("_kvarh")) {
            return new HomeAssistantSensor("reactive_energy", "total_increasing", "kvarh");
        }
        if (field.startsWith("reactive_power_") && field.endsWith("_var")) {
            return new HomeAssistantSensor("reactive_power", "measurement", "var");
        }
        if (field.startsWith("power_") && field.endsWith("_w")) {
            return new HomeAssistantSensor("power", "measurement", "W");
        }
        if (field.startsWith("voltage_") && field.endsWith("_v")) {
            return new HomeAssistantSensor("voltage", "measurement", "V");
        }
        if (field.startsWith("current_") && field.endsWith("_a")) {
            return new HomeAssistantSensor("current", "measurement", "A");
        }
        if (field.equals("frequency_hz")) {
            return new HomeAssistantSensor("frequency", "measurement", "Hz");
        }
        if (field.startsWith("power_factor")) {
            return new HomeAssistantSensor("power_factor", "measurement", null);
        }
        if (field.equals("han_rssi_dbm")) {
            return new HomeAssistantSensor("signal_strength", "measurement", "dBm");
        }
        return new HomeAssistantSensor(null, null, null);
    }
}
