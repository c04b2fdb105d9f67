package io.meterbridge.meterman;

import java.time.Instant;
import java.util.List;

/**
 * A node's health as the API and the health check show it. {@code alerts}: SILENT (nothing heard for longer than
 * allowed, or the gateway reported it dark), LOW_BATTERY, WEAK_LINK (RSSI at the gateway), CLOCK_DRIFT,
 * MISSED_INTERVALS (updates lost on the radio since start); empty when all is well.
 */
public record NodeHealth(String node, List<String> alerts, Instant lastSeen, Integer batteryMv, Integer rssiDbm,
        Integer clockDriftS, Integer intervalS, Integer impulsesPerKwh, Long uptimeS, Instant lastEntryFinish,
        Long lastMeterWh, int gaps, long missedIntervals, long missedWh) {
}
