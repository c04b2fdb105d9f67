package io.meterbridge.dsmr;

import io.meterbridge.framing.FrameTimes;
import io.meterbridge.framing.Framer;
import io.meterbridge.framing.Framing;

/** Plain P1 telegrams, '/' to '!' and the CRC; their timestamps can be moved for a replay to now. */
public class DsmrFraming implements Framing {

    @Override
    public Framer newFramer(int maxFrameLength) {
        return new DsmrFramer(maxFrameLength);
    }

    @Override
    public FrameTimes times() {
        return new TelegramTimes();
    }
}
