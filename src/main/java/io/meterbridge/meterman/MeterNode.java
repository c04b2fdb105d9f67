package io.meterbridge.meterman;

import java.time.Instant;

/**
 * What the gateway knows about one MeterNode: where its last update ended (finish time and cumulative Wh), which the
 * next update's header must continue, and its health from the gateway's node snapshots. Guarded by {@link MeterNodes}.
 */
final class MeterNode {

    final String uuid;
    Instant lastSeen;
    long lastFinish = -1;
    long lastCumulativeWh;
    /** The last message was a rebase: the next update may start later than its time. */
    boolean rebased;
    Integer batteryMv;
    Integer rssiDbm;
    Integer clockDriftS;
    Integer intervalS;
    Integer impulsesPerKwh;
    Long uptimeS;
    int gaps;
    long missedIntervals;
    long missedWh;
    boolean dark;

    MeterNode(String uuid) {
        this.uuid = uuid;
    }
}
