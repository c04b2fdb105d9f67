package io.meterbridge.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.meterbridge.reading.Reading;

/** The MQTT throttle: power averaged per interval, totals the moment they change, nothing held back without one. */
class MqttThrottleTest {

    private static final Instant START = Instant.parse("2024-06-01T12:00:00Z");

    private static Reading reading(int second, double powerW, double energyKwh) {
        return Reading.builder("electricity").tag("meter", "m1").tag("source", "dsmr").field("power_import_w", powerW)
                .field("energy_import_kwh", energyKwh).time(START.plusSeconds(second)).build();
    }

    @Test
    void powerIsAveragedPerIntervalAndATotalGoesOutWhenItChanges() {
        MqttThrottle throttle = new MqttThrottle();
        List<Reading> out = new ArrayList<>();
        for (int s = 0; s <= 25; s++) {
            // power 100, 200, 300, ... W; the total steps from 1.0 to 1.5 kWh at second 15
            out.addAll(throttle.pass(reading(s, 100.0 * (s + 1), s < 15 ? 1.0 : 1.5), 10_000, "mqtt"));
        }
        // a message starts the next interval: after the total's at 15, the next is due at 25
        assertThat(out).extracting(Reading::time).containsExactly(START, START.plusSeconds(10), START.plusSeconds(15),
                START.plusSeconds(25));
        // the first goes out at once; the next holds the mean of seconds 1..10: (200 + ... + 1100) / 10
        assertThat(out.get(0).fields().get("power_import_w")).isEqualTo(100.0);
        assertThat(out.get(1).fields().get("power_import_w")).isEqualTo(650.0);
        // the total's step is published with the power averaged since the last message (seconds 11..15)
        assertThat(out.get(2).fields()).containsEntry("energy_import_kwh", 1.5).containsEntry("power_import_w", 1400.0);
        assertThat(out.get(3).fields().get("power_import_w")).isEqualTo(2150.0); // seconds 16..25: 1700 .. 2600 W
    }

    @Test
    void withoutAnIntervalEveryReadingGoesOut() {
        MqttThrottle throttle = new MqttThrottle();
        List<Reading> telegram = List.of(reading(0, 1, 1), reading(0, 2, 2));
        assertThat(throttle.pass(telegram, 0, "mqtt")).isEqualTo(telegram);
    }

    @Test
    void eachSinkAndMeterHasItsOwnWindow() {
        MqttThrottle throttle = new MqttThrottle();
        assertThat(throttle.pass(reading(0, 1, 1), 10_000, "mqtt")).hasSize(1);
        assertThat(throttle.pass(reading(0, 1, 1), 10_000, "gas-mqtt")).hasSize(1);
        assertThat(throttle.pass(reading(1, 1, 1), 10_000, "mqtt")).isEmpty();
    }
}
