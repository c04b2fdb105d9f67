package io.meterbridge.framing;

/**
 * A way of cutting a byte stream into frames, named by the {@code framing} option of the serial and replay endpoints.
 * Each protocol registers its own as Camel registers components: a file
 * {@code META-INF/services/io/meterbridge/framing/<name>} holding {@code class=<its Framing>}; a bean of this type
 * named in the option works too. This package knows no protocol.
 */
public interface Framing {

    /** A framer for one stream, keeping frames up to {@code maxFrameLength} bytes. */
    Framer newFramer(int maxFrameLength);

    /** The times in this framing's frames, for a replay moved to now; null when its frames carry none to move. */
    default FrameTimes times() {
        return null;
    }
}
