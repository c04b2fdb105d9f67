package io.meterbridge.reading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The rules of meterbridge-select-action; SelectedReadingsTest runs the Kamelet in front of a real sink. */
class ReadingSelectionTest {

    private static final Instant T = Instant.parse("2024-10-27T00:00:00Z");
    private static final Reading POWER = Reading.builder("electricity").tag("meter", "E1").tag("source", "dsmr")
            .field("power_import_w", 420.0).field("energy_import_kwh", 1234.5).time(T).build();
    private static final Reading GAS = Reading.builder("gas").tag("meter", "G1").tag("source", "dsmr")
            .field("volume_m3", 2246.138).time(T).build();
    private static final Reading GLOW = Reading.builder("electricity").tag("meter", "A1").tag("source", "glow")
            .field("energy_import_kwh", 99.0).time(T).build();

    private static Exchange select(String measurement, String meter, String source, String field) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(List.of(List.of(POWER, GAS), GLOW));
        ReadingSelection.select(exchange, measurement, meter, source, field);
        return exchange;
    }

    @Test
    void everyOptionGivenMustMatchAndAnOptionLeftOutMatchesAll() {
        assertThat(select("", "", "", "").getMessage().getBody()).isEqualTo(List.of(POWER, GAS, GLOW));
        assertThat(select("electricity", "", "dsmr", "").getMessage().getBody()).isEqualTo(List.of(POWER));
        assertThat(select("gas, electricity", "G1,A1", "", "").getMessage().getBody()).isEqualTo(List.of(GAS, GLOW));
    }

    @Test
    void fieldsGivenKeepOnlyThoseAndLeaveOutReadingsWithoutThem() {
        assertThat(select("", "", "", "power_import_w").getMessage().getBody()).isEqualTo(List.of(
                Reading.builder("electricity").tag("meter", "E1").tag("source", "dsmr").field("power_import_w", 420.0).time(T).build()));
    }

    @Test
    void nothingLeftStopsTheMessage() {
        Exchange exchange = select("water", "", "", "");
        assertThat(exchange.isRouteStop()).isTrue();
        assertThat(exchange.getMessage().getBody(List.class)).isEmpty();
        assertThat(select("gas", "", "", "").isRouteStop()).isFalse();
    }
}
