package io.meterbridge.meterman;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the gateway knows about one MeterNode: where its last update ended (finish time and cumulative Wh), which the
 * next update's header must continue, and its health from the gateway's node snapshots. Guarded by {@link MeterNodes},
 * which keeps these fields in its state file across restarts, so the first update after one is checked for a gap too.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
final class MeterNode {

    @JsonProperty("node")
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
    /** Not kept across a restart: the silence watch finds a node that is still silent again. */
    @JsonIgnore
    boolean dark;

    @JsonCreator
    MeterNode(@JsonProperty("node") String uuid) {
        this.uuid = uuid;
    }
}
