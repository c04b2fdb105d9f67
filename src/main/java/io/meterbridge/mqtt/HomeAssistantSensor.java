package io.meterbridge.mqtt;

/**
 * How Home Assistant should show a field of the vocabulary: device class, state class and unit, derived from
 * the field's name and measurement. Totals are total_increasing (what the Energy dashboard needs), instantaneous
 * values measurement; a field it cannot classify is still announced, as a plain sensor.
 */
record HomeAssistantSensor(String deviceClass, String stateClass, String unit) {

    static HomeAssistantSensor of(String measurement, String field) {
        if (field.equals("volume_m3")) {
            return new HomeAssistantSensor(measurement.equals("water") ? "water" : "gas", "total_increasing", "m³");
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
