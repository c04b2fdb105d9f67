package io.meterbridge.framing;

/**
 * Cuts a byte stream into frames. One instance per stream: it keeps the state of a frame that spans reads.
 * The serial consumer and the file replay consumer both feed bytes through a framer, so a captured log and a
 * live port go through exactly the same code.
 */
public interface Framer {

    /** Feeds the next bytes of the stream; complete frames go to {@code sink} before this returns. */
    void feed(byte[] buffer, int offset, int length, FrameSink sink) throws Exception;

    /** The stream ended (end of file): emits what is pending, then starts afresh. */
    void finish(FrameSink sink) throws Exception;

    /** The stream broke (device unplugged, port reopened): drops what is pending without emitting it. */
    void reset();
}
