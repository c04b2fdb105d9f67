package io.meterbridge.framing;

/** Text lines (the meterman gateway's protocol, and any line-based device). */
public class LineFraming implements Framing {

    @Override
    public Framer newFramer(int maxFrameLength) {
        return new LineFramer(maxFrameLength);
    }
}
