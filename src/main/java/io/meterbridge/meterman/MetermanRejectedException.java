package io.meterbridge.meterman;

import io.meterbridge.reading.PayloadRejectedException;

/**
 * A gateway line that gives nothing to keep: an unknown type, a truncated or garbled message, a value out of range.
 * Routine on a UART without checksums, so it is counted and logged once per reason and the next line is read.
 */
public class MetermanRejectedException extends PayloadRejectedException {

    public MetermanRejectedException(String reason) {
        super(reason);
    }
}
