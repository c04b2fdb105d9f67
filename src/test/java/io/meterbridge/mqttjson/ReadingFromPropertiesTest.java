package io.meterbridge.mqttjson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import io.meterbridge.reading.PayloadRejectedException;
import io.meterbridge.reading.Reading;

/** A mapped MQTT JSON device's values: numbers, also as text, and the values no meter sends refused with a reason. */
class ReadingFromPropertiesTest {

    private final ReadingFromProperties mapping = new ReadingFromProperties();

    private static Exchange mapped(CamelContext camel, String field, Object value) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty("meterbridge.measurement", "water");
        exchange.setProperty("meterbridge.tag.meter", "watermeter");
        exchange.setProperty("meterbridge.field." + field, value);
        exchange.setProperty("meterbridge.time", "2024-10-27T10:00:00Z");
        return exchange;
    }

    @Test
    void numbersAndNumbersAsTextAreValues() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            Reading r = mapping.build(mapped(camel, "volume_m3", "123.456"));
            assertThat(r.field("volume_m3")).isEqualTo(123.456);
            assertThat(mapping.build(mapped(camel, "status", "no digits")).field("status")).isEqualTo("no digits");
        }
    }

    @Test
    void valuesNoMeterSendsAreRejectedWithTheReason() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            Object[][] hostile = { { "volume_m3", "NaN", "not a measured value" }, { "volume_m3", "Infinity", "not a measured value" },
                { "volume_m3", "-Infinity", "not a measured value" }, { "volume_m3", 1e308 * 10, "not a measured value" },
                { "volume_m3", -3.5, "cannot be negative" }, { "volume_m3", "1e300", "beyond" }, { "power_w", "2e9", "beyond" } };
            for (Object[] h : hostile) {
                assertThatThrownBy(() -> mapping.build(mapped(camel, (String) h[0], h[1]))).as(String.valueOf(h[1]))
                        .isInstanceOf(PayloadRejectedException.class).hasMessageContaining((String) h[2]);
            }
            Exchange scaled = mapped(camel, "volume_m3", 2.0);
            scaled.setProperty("meterbridge.scale.volume_m3", "lots");
            assertThatThrownBy(() -> mapping.build(scaled)).hasMessageContaining("scale 'lots' is not a number");
        }
    }
}
