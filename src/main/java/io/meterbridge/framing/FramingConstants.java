package io.meterbridge.framing;

import org.apache.camel.spi.Metadata;

/** Headers that framed consumers (serial, replay) set on every exchange. */
public final class FramingConstants {

    @Metadata(description = "How the framer saw the frame: COMPLETE, TRUNCATED, NO_START or OVERSIZED", javaType = "io.meterbridge.framing.Frame.Status")
    public static final String FRAME_STATUS = "MeterbridgeFrameStatus";
    @Metadata(description = "Where the bytes came from: the serial port or the replayed file", javaType = "String")
    public static final String FRAME_ORIGIN = "MeterbridgeFrameOrigin";

    private FramingConstants() {
    }
}
