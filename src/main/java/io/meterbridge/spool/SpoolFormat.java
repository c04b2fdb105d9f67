package io.meterbridge.spool;

import java.io.IOException;

import io.meterbridge.reading.Reading;

/**
 * How a sink's spool writes readings: one line per reading, in the form its delivery route sends on, so that
 * delivering a batch is reading a file and not converting it again.
 */
public interface SpoolFormat {

    /** File name extension of the spool files, which the delivery route's file consumer picks up. */
    String extension();

    /** Appends the reading as one line, without its line end; appends nothing for a reading it cannot express. */
    void append(Reading reading, StringBuilder out) throws IOException;
}
