package io.meterbridge.framing;

/** Receives the frames a {@link Framer} cuts out, in order, on the thread that feeds it. */
@FunctionalInterface
public interface FrameSink {
    void frame(Frame frame) throws Exception;
}
