package io.meterbridge.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.meterbridge.reading.Json;
import io.meterbridge.reading.Reading;

class MqttPublisherTest {

    @Test
    void aMeterIdCannotAddTopicLevelsOrWildcards() {
        MqttPublisher publisher = new MqttPublisher();
        Reading reading = Reading.builder("gas").tag("meter", "a/b+c#d").tag("source", "dsmr").field("volume_m3", 1.0)
                .time(Instant.EPOCH).build();
        assertThat(publisher.topic(reading)).isEqualTo("meterbridge/a_b_c_d/gas");
    }

    @Test
    void discoveryOnceAndAgainAfterAFailedDelivery() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            MqttPublisher publisher = new MqttPublisher();
            Reading reading = Reading.builder("electricity").tag("meter", "E1").tag("source", "dsmr")
                    .field("energy_import_kwh", 1.0).field("power_import_w", 2.0).time(Instant.EPOCH).build();
            assertThat(messages(camel, publisher, reading)).hasSize(1 + 2 + 1); // online, two configs, the reading
            assertThat(messages(camel, publisher, reading)).hasSize(1);
            publisher.forgetAnnouncements();
            assertThat(messages(camel, publisher, reading)).hasSize(4);
        }
    }

    private static List<?> messages(CamelContext camel, MqttPublisher publisher, Reading reading) throws Exception {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(reading);
        publisher.toMessages(exchange);
        return exchange.getMessage().getBody(List.class);
    }

    @Test
    void fieldsAreClassifiedAsHomeAssistantExpects() {
        assertThat(HomeAssistantSensor.of("electricity", "energy_export_t2_kwh"))
                .isEqualTo(new HomeAssistantSensor("energy", "total_increasing", "kWh"));
        assertThat(HomeAssistantSensor.of("electricity", "power_net_l2_w")).isEqualTo(new HomeAssistantSensor("power", "measurement", "W"));
        assertThat(HomeAssistantSensor.of("electricity", "current_signed_l1_a")).isEqualTo(new HomeAssistantSensor("current", "measurement", "A"));
        assertThat(HomeAssistantSensor.of("water", "volume_m3")).isEqualTo(new HomeAssistantSensor("water", "total_increasing", "m³"));
        assertThat(HomeAssistantSensor.of("heat", "energy_gj")).isEqualTo(new HomeAssistantSensor("energy", "total_increasing", "GJ"));
        assertThat(HomeAssistantSensor.of("electricity", "reactive_energy_q1_kvarh"))
                .isEqualTo(new HomeAssistantSensor("reactive_energy", "total_increasing", "kvarh"));
        assertThat(HomeAssistantSensor.of("electricity", "text_message")).isEqualTo(new HomeAssistantSensor(null, null, null));
        assertThat(HomeAssistantSensor.of("gas", "volume_today_m3")).isEqualTo(new HomeAssistantSensor("gas", "total_increasing", "m³"));
        assertThat(HomeAssistantSensor.of("climate", "temperature_c")).isEqualTo(new HomeAssistantSensor("temperature", "measurement", "°C"));
        assertThat(HomeAssistantSensor.of("climate", "humidity_percent")).isEqualTo(new HomeAssistantSensor("humidity", "measurement", "%"));
        assertThat(HomeAssistantSensor.of("climate", "battery_percent")).isEqualTo(new HomeAssistantSensor("battery", "measurement", "%"));
    }

    /**
     * Home Assistant's state classes as its developer documentation defines them: total_increasing for a total that
     * only restarts from 0 (lifetime, today, this month), total with a last reset for an amount per interval (read as
     * total_increasing, a smaller interval would count as a meter reset and the Energy dashboard would add only the
     * differences), nothing for the total of a past period that is sent again and again.
     */
    @Test
    void intervalAndPeriodAmountsAreNeverReadAsARunningTotal() throws Exception {
        assertThat(HomeAssistantSensor.of("electricity", "energy_import_interval_kwh"))
                .isEqualTo(new HomeAssistantSensor("energy", "total", "kWh"));
        assertThat(HomeAssistantSensor.of("electricity", "energy_import_today_kwh"))
                .isEqualTo(new HomeAssistantSensor("energy", "total_increasing", "kWh"));
        assertThat(HomeAssistantSensor.of("electricity", "energy_import_month_kwh"))
                .isEqualTo(new HomeAssistantSensor("energy", "total_increasing", "kWh"));
        assertThat(HomeAssistantSensor.of("electricity", "energy_last_period_kwh")).isEqualTo(new HomeAssistantSensor("energy", null, "kWh"));

        MqttPublisher publisher = new MqttPublisher();
        publisher.setExpireAfter(3900);
        Reading interval = Reading.builder("electricity").tag("meter", "m1").tag("source", "pge")
                .field("energy_import_interval_kwh", 0.25).time(java.time.Instant.parse("2024-06-01T10:15:00Z")).build();
        Reading live = Reading.builder("electricity").tag("meter", "m1").tag("source", "dsmr")
                .field("power_import_w", 420.0).time(java.time.Instant.parse("2024-06-01T10:15:00Z")).build();
        JsonNode intervalConfig = discovery(publisher, interval, "energy_import_interval_kwh");
        assertThat(intervalConfig.get("state_class").asText()).isEqualTo("total");
        assertThat(intervalConfig.get("last_reset_value_template").asText()).isEqualTo("{{ value_json.time }}");
        assertThat(intervalConfig.has("expire_after")).as("interval amounts come a day at a time").isFalse();
        JsonNode liveConfig = discovery(publisher, live, "power_import_w");
        assertThat(liveConfig.get("expire_after").asInt()).isEqualTo(3900);
        assertThat(liveConfig.has("last_reset_value_template")).isFalse();
    }

    /**
     * Running costs as Home Assistant's Energy dashboard takes them ("an entity tracking the total costs"): monetary,
     * state class total (the only one Home Assistant allows for monetary) in the reading's currency, counted from
     * cost_since; prices as currency per unit, its "entity with the current price".
     */
    @Test
    void costsAreMonetaryTotalsInTheirCurrencyAndPricesAPerUnitMeasurement() throws Exception {
        Reading cost = Reading.builder("cost").tag("meter", "E1").tag("commodity", "electricity").tag("currency", "EUR")
                .field("cost_total", 3.2).field("cost_import_total", 2.3).field("credit_export_total", 0.1).field("price_import_per_kwh", 0.27)
                .field("cost_since", "2025-03-01T00:00:00Z").time(Instant.parse("2025-03-02T06:00:00Z")).build();
        for (String field : new String[] { "cost_total", "cost_import_total", "credit_export_total" }) {
            JsonNode config = discovery(new MqttPublisher(), cost, field); // a publisher announces a sensor once
            assertThat(config.get("device_class").asText()).isEqualTo("monetary");
            assertThat(config.get("state_class").asText()).isEqualTo("total");
            assertThat(config.get("unit_of_measurement").asText()).isEqualTo("EUR");
            assertThat(config.get("last_reset_value_template").asText()).isEqualTo("{{ value_json.fields.cost_since }}");
        }
        JsonNode price = discovery(new MqttPublisher(), cost, "price_import_per_kwh");
        assertThat(price.get("unit_of_measurement").asText()).isEqualTo("EUR/kWh");
        assertThat(price.get("state_class").asText()).isEqualTo("measurement");
        assertThat(price.has("device_class")).isFalse();
        assertThat(discovery(new MqttPublisher(), cost, "cost_since").get("device_class").asText()).isEqualTo("timestamp");
    }

    private static JsonNode discovery(MqttPublisher publisher, Reading reading, String field) throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            for (Object m : messages(camel, publisher, reading)) {
                MqttMessage message = (MqttMessage) m;
                if (message.topic().endsWith("_" + field + "/config")) {
                    return Json.MAPPER.readTree(message.payload());
                }
            }
        }
        throw new AssertionError("no discovery config for " + field);
    }

    /** DSMR-reader's split topics, names and units, as its MQTT settings and Home Assistant's integration read them. */
    @Test
    void theDsmrReaderLayoutUsesItsTopicsNamesAndUnits() throws Exception {
        MqttPublisher publisher = new MqttPublisher();
        publisher.setDsmrReaderPrefix("dsmr");
        Instant time = Instant.parse("2024-06-01T12:00:00Z");
        Reading electricity = Reading.builder("electricity").tag("meter", "E1").tag("source", "dsmr")
                .field("energy_import_t1_kwh", 1234.567).field("energy_import_t2_kwh", 2345.678).field("energy_export_t1_kwh", 12.0)
                .field("energy_export_t2_kwh", 34.5).field("power_import_w", 1234.0).field("power_export_w", 0.0)
                .field("power_import_l1_w", 412.0).field("voltage_l1_v", 230.1).field("current_l1_a", 2.0).field("tariff", "2")
                .time(time).build();
        java.util.Map<String, String> got = new java.util.LinkedHashMap<>();
        try (CamelContext camel = new DefaultCamelContext()) {
            for (Object m : messages(camel, publisher, electricity)) {
                MqttMessage message = (MqttMessage) m;
                got.put(message.topic(), new String(message.payload(), java.nio.charset.StandardCharsets.UTF_8));
            }
            assertThat(got).containsEntry("dsmr/reading/electricity_delivered_1", "1234.567")
                    .containsEntry("dsmr/reading/electricity_delivered_2", "2345.678").containsEntry("dsmr/reading/electricity_returned_1", "12")
                    .containsEntry("dsmr/reading/electricity_returned_2", "34.5")
                    .containsEntry("dsmr/reading/electricity_currently_delivered", "1.234") // kW, as DSMR-reader sends it
                    .containsEntry("dsmr/reading/electricity_currently_returned", "0")
                    .containsEntry("dsmr/reading/phase_currently_delivered_l1", "0.412").containsEntry("dsmr/reading/phase_voltage_l1", "230.1")
                    .containsEntry("dsmr/reading/phase_power_current_l1", "2").containsEntry("dsmr/reading/timestamp", "2024-06-01T12:00:00Z");
            assertThat(got.keySet()).as("no discovery, no JSON, nothing DSMR-reader does not have")
                    .allMatch(topic -> topic.startsWith("dsmr/reading/"));
            Reading gas = Reading.builder("gas").tag("meter", "G1").field("volume_m3", 5432.1).time(time).build();
            got.clear();
            for (Object m : messages(camel, publisher, gas)) {
                MqttMessage message = (MqttMessage) m;
                got.put(message.topic(), new String(message.payload(), java.nio.charset.StandardCharsets.UTF_8));
            }
            assertThat(got).containsExactly(java.util.Map.entry("dsmr/reading/extra_device_delivered", "5432.1"),
                    java.util.Map.entry("dsmr/reading/extra_device_timestamp", "2024-06-01T12:00:00Z"));
        }
    }
}
