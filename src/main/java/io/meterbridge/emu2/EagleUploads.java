package io.meterbridge.emu2;

import java.util.ArrayList;
import java.util.List;

import io.meterbridge.framing.Frame;
import io.meterbridge.framing.FrameSink;

/**
 * What a Rainforest EAGLE's uploader posts: the EMU-2's XML fragments (InstantaneousDemand, CurrentSummationDelivered,
 * PriceCluster, ...) inside a {@code <rainforest macId=... timestamp=...>} element. The EMU-2's own framer cuts them
 * out, so they are read, guarded and named exactly as an EMU-2's on a serial port; the wrapper is not a fragment and
 * goes nowhere.
 */
public class EagleUploads {

    /** Longest fragment accepted, as for a serial EMU-2. */
    private static final int MAX_FRAGMENT = 4096;

    /** The whole fragments of one upload, in order. */
    public List<byte[]> fragments(byte[] body) throws Exception {
        List<byte[]> fragments = new ArrayList<>();
        FrameSink whole = frame -> {
            if (frame.status() == Frame.Status.COMPLETE) {
                fragments.add(frame.bytes());
            }
        };
        Emu2Framer framer = new Emu2Framer(MAX_FRAGMENT);
        framer.feed(body, 0, body.length, whole);
        framer.finish(whole);
        return fragments;
    }
}
