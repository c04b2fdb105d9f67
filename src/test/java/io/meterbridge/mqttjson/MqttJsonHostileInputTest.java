package io.meterbridge.mqttjson;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

import io.meterbridge.reading.PayloadRejectedException;
import io.meterbridge.testing.Hostile;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * What a mapped device's payload can put into the mapping's properties (jsonpath hands over text, numbers, null, lists
 * and maps): each mapping gives a reading or is rejected with a reason.
 */
class MqttJsonHostileInputTest {

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final ReadingFromProperties mapping = new ReadingFromProperties();

    // the generators below include NaN, the infinities and the extremes outright; jqwik's own edge cases would only
    // add their combinations, more than the tries
    @Property(tries = 100_000, edgeCases = EdgeCasesMode.NONE)
    void everyMappedPayloadIsReadOrRejectedWithAReason(@ForAll("values") Object value, @ForAll("values") Object time,
            @ForAll("values") Object scale, @ForAll("values") Object meter) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty("meterbridge.measurement", "water");
        exchange.setProperty("meterbridge.tag.meter", meter);
        exchange.setProperty("meterbridge.field.volume_m3", value);
        exchange.setProperty("meterbridge.scale.volume_m3", scale);
        exchange.setProperty("meterbridge.time", time);
        byte[] described = (value + " " + time + " " + scale + " " + meter).getBytes(StandardCharsets.UTF_8);
        Hostile.readOrRejected(described, PayloadRejectedException.class, () -> mapping.build(exchange));
    }

    @Provide
    Arbitrary<Object> values() {
        Arbitrary<Object> text = Hostile.from(List.of("123.456".getBytes(StandardCharsets.UTF_8), "2024-10-27T10:00:00+0100".getBytes(
                StandardCharsets.UTF_8), "1730023200".getBytes(StandardCharsets.UTF_8), "0.001".getBytes(StandardCharsets.UTF_8)))
                .map(b -> new String(b, StandardCharsets.UTF_8));
        return Arbitraries.oneOf(text, Arbitraries.doubles().map(d -> (Object) d), Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Long.MAX_VALUE, Long.MIN_VALUE, -0.0, 1e308), Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.just(null), Arbitraries.just(List.of(1, 2)), Arbitraries.just(java.util.Map.of("a", 1)));
    }
}
