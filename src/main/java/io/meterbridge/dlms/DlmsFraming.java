package io.meterbridge.dlms;

import io.meterbridge.framing.Framer;
import io.meterbridge.framing.Framing;

/** Encrypted P1 frames (DLMS general-glo-ciphering), cut by their length field. */
public class DlmsFraming implements Framing {

    @Override
    public Framer newFramer(int maxFrameLength) {
        return new DlmsFramer(maxFrameLength);
    }
}
