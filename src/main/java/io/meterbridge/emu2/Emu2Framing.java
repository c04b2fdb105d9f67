package io.meterbridge.emu2;

import io.meterbridge.framing.Framer;
import io.meterbridge.framing.Framing;

/** The EMU-2 / RAVEn XML fragments, one root element each. */
public class Emu2Framing implements Framing {

    @Override
    public Framer newFramer(int maxFrameLength) {
        return new Emu2Framer(maxFrameLength);
    }
}
