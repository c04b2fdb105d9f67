package io.meterbridge.spool;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/** Frames as they came (byte arrays, e.g. encrypted P1 frames a relay forwards), one Base64 line each. */
public class Base64Lines implements SpoolFormat {

    @Override
    public String extension() {
        return "b64";
    }

    @Override
    public void append(Object item, StringBuilder out) {
        if (item instanceof byte[] frame && frame.length > 0) {
            out.append(Base64.getEncoder().encodeToString(frame));
        }
    }

    /** The frames of a batch, in order. */
    @Override
    public List<byte[]> read(String text, Consumer<String> unreadable) {
        List<byte[]> frames = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                try {
                    frames.add(Base64.getDecoder().decode(line.strip()));
                } catch (IllegalArgumentException e) {
                    unreadable.accept("not Base64");
                }
            }
        }
        return frames;
    }
}
