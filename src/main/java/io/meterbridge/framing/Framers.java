package io.meterbridge.framing;

import java.util.Locale;
import java.util.function.IntFunction;

import org.apache.camel.CamelContext;

import io.meterbridge.dlms.DlmsFramer;
import io.meterbridge.dsmr.DsmrFramer;
import io.meterbridge.dsmr.TelegramTimes;
import io.meterbridge.emu2.Emu2Framer;

/**
 * Resolves the {@code framing} option of the serial and replay endpoints: a built-in name, or the name of a
 * bean of type {@code IntFunction<Framer>} (given the maximum frame length) for framings added without
 * touching this class.
 */
public final class Framers {

    private Framers() {
    }

    @SuppressWarnings("unchecked")
    public static Framer create(String name, int maxFrameLength, CamelContext context) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "dsmr":
                return new DsmrFramer(maxFrameLength);
            case "dlms":
                return new DlmsFramer(maxFrameLength);
            case "emu2":
                return new Emu2Framer(maxFrameLength);
            case "lines":
                return new LineFramer(maxFrameLength);
            default:
                Object factory = context.getRegistry().lookupByName(name);
                if (factory instanceof IntFunction<?> f) {
                    return ((IntFunction<Framer>) f).apply(maxFrameLength);
                }
                throw new IllegalArgumentException("Unknown framing '" + name + "': use dsmr, dlms, emu2, lines, or the name of an IntFunction<Framer> bean");
        }
    }

    /** The times in a framing's frames, for a replay moved to now; only DSMR telegrams carry times the frame shows. */
    public static FrameTimes times(String name) {
        if ("dsmr".equalsIgnoreCase(name)) {
            return new TelegramTimes();
        }
        throw new IllegalArgumentException("The '" + name + "' framing has no times to move: shiftToNow works with dsmr only");
    }
}
