package io.meterbridge.framing;

import java.time.Duration;
import java.time.Instant;

/**
 * The meter times a framing's frames carry, for a replay that moves a capture to now: a demo that looks live, and
 * whose readings the store's maintenance treats as today's. A framing that carries no times has none.
 */
public interface FrameTimes {

    /** The frame's own time (a telegram's timestamp), or null if it has none that can be read. */
    Instant time(byte[] frame);

    /** The frame with every time in it moved by {@code shift}, still exactly as valid or as damaged as before. */
    byte[] shift(byte[] frame, Duration shift);
}
