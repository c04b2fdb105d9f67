package io.meterbridge.meterman;

import java.time.Instant;

import io.meterbridge.reading.Fields;
import io.meterbridge.reading.Reading;

/**
 * Something that happened to a node: BOOT (it restarted), REBASE (its cumulative basis restarted), GAP (updates were
 * lost: the energy is known, its spread over time is not), DARK (silent), BACK (heard again), LOW_BATTERY.
 */
public record NodeEvent(Instant time, String node, String type, String detail) {

    /** The event as a {@code device} reading, so every sink (and the store) keeps it. */
    public Reading reading() {
        return Reading.builder(Fields.DEVICE).tag(Fields.TAG_METER, node).tag(Fields.TAG_SOURCE, MetermanDataFormat.SOURCE)
                .field(Fields.EVENT, type).field(Fields.EVENT_DETAIL, detail).time(time).build();
    }
}
