package io.meterbridge.dlms;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.meterbridge.state.AtomicFile;

/**
 * The last accepted frame counter of each system title, kept in a small properties file (system title = counter)
 * that is replaced atomically after every accepted frame, so a frame captured before a restart or a crash stays a
 * replay after it. Without a file, counters live in memory only.
 */
final class FrameCounters {

    private static final Logger LOG = LoggerFactory.getLogger(FrameCounters.class);

    private final Path file;
    private Map<String, Long> last;
    private boolean saveFailing;

    FrameCounters(Path file) {
        this.file = file;
    }

    Long last(String systemTitle) {
        return counters().get(systemTitle);
    }

    void advance(String systemTitle, long counter) {
        counters().put(systemTitle, counter);
        if (file != null) {
            save();
        }
    }

    private Map<String, Long> counters() {
        if (last == null) {
            last = file == null ? new HashMap<>() : load(file);
        }
        return last;
    }

    private static Map<String, Long> load(Path file) {
        Map<String, Long> counters = new HashMap<>();
        if (!Files.exists(file)) {
            return counters;
        }
        Properties saved = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            saved.load(in);
        } catch (IOException | IllegalArgumentException e) {
            // refusing to start would stop the meter; starting without counters reopens the replay window: say so
            LOG.warn("Encrypted P1: the frame counters in {} cannot be read ({}); replays are detected again from the "
                    + "next frame on", file, e.getMessage());
            return counters;
        }
        saved.forEach((title, value) -> {
            try {
                counters.put((String) title, Long.parseLong(((String) value).trim()));
            } catch (NumberFormatException e) {
                LOG.warn("Encrypted P1: ignoring the unreadable frame counter of system title {} in {}", title, file);
            }
        });
        return counters;
    }

    /** A failed save (a full disk) keeps the counters in memory: this run still refuses replays; said once. */
    private void save() {
        Properties out = new Properties();
        last.forEach((title, counter) -> out.setProperty(title, Long.toString(counter)));
        try {
            java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
            out.store(text, "last accepted encrypted P1 frame counter per system title");
            AtomicFile.replace(file, text.toByteArray());
            saveFailing = false;
        } catch (IOException e) {
            if (!saveFailing) {
                LOG.warn("Encrypted P1: cannot keep the frame counters in {} ({}); kept in memory until it works again",
                        file, e.toString());
            }
            saveFailing = true;
        }
    }
}
