package io.meterbridge.mqtt;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.meterbridge.reading.Fields;
import io.meterbridge.reading.Reading;

/**
 * DSMR-reader's "split topic" layout: one plain value per topic, under DSMR-reader's own names and units (power in
 * kW), so a Home Assistant set up with its DSMR Reader integration, or with MQTT sensors on these topics, keeps its
 * entities and history when meterbridge takes over the meter.
 */
final class DsmrReaderTopics {

    /** Our field, DSMR-reader's name, and the factor from our unit to its. */
    private record Mapping(String field, String name, double factor) {
    }

    private static final List<Mapping> ELECTRICITY = new ArrayList<>();
    private static final List<Mapping> GAS = List.of(new Mapping(Fields.VOLUME_M3, "extra_device_delivered", 1));

    static {
        ELECTRICITY.add(new Mapping("energy_import_t1_kwh", "electricity_delivered_1", 1));
        ELECTRICITY.add(new Mapping("energy_import_t2_kwh", "electricity_delivered_2", 1));
        ELECTRICITY.add(new Mapping("energy_export_t1_kwh", "electricity_returned_1", 1));
        ELECTRICITY.add(new Mapping("energy_export_t2_kwh", "electricity_returned_2", 1));
        ELECTRICITY.add(new Mapping("power_import_w", "electricity_currently_delivered", 0.001));
        ELECTRICITY.add(new Mapping("power_export_w", "electricity_currently_returned", 0.001));
        for (int l = 1; l <= 3; l++) {
            ELECTRICITY.add(new Mapping(Fields.phase("power_import", l, "w"), "phase_currently_delivered_l" + l, 0.001));
            ELECTRICITY.add(new Mapping(Fields.phase("power_export", l, "w"), "phase_currently_returned_l" + l, 0.001));
            ELECTRICITY.add(new Mapping(Fields.phase("voltage", l, "v"), "phase_voltage_l" + l, 1));
            ELECTRICITY.add(new Mapping(Fields.phase("current", l, "a"), "phase_power_current_l" + l, 1));
        }
    }

    private DsmrReaderTopics() {
    }

    /** The messages for one reading: a topic per value DSMR-reader has, and its time; none for other measurements. */
    static List<MqttMessage> of(Reading reading, String prefix) {
        boolean gas = Fields.GAS.equals(reading.measurement());
        List<Mapping> mappings = gas ? GAS : Fields.ELECTRICITY.equals(reading.measurement()) ? ELECTRICITY : List.of();
        Map<String, String> values = new LinkedHashMap<>();
        for (Mapping m : mappings) {
            if (reading.fields().get(m.field()) instanceof Number n) {
                values.put(m.name(), BigDecimal.valueOf(n.doubleValue() * m.factor()).setScale(3, RoundingMode.HALF_UP)
                        .stripTrailingZeros().toPlainString());
            }
        }
        if (values.isEmpty()) {
            return List.of();
        }
        values.put(gas ? "extra_device_timestamp" : "timestamp", reading.time().toString());
        List<MqttMessage> messages = new ArrayList<>(values.size());
        values.forEach((name, value) -> messages.add(new MqttMessage(prefix + "/reading/" + name,
                value.getBytes(StandardCharsets.UTF_8), false)));
        return messages;
    }
}
