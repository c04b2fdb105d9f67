package io.meterbridge.dlms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.meterbridge.state.WatchedFile;

/**
 * The keys of many meters, from a key file (a Kubernetes or Docker secret) mapping each meter's system title to its
 * keys, one line each: {@code <system title, 16 hex digits> = <decryption key, 32 hex digits>[,<authentication
 * key, 32 hex digits>]}; # starts a comment. Read again when the file changes, so a meter is added without a restart;
 * a file that does not read keeps the keys it had, and says which line is wrong, never a key.
 */
final class MeterKeys {

    /** A meter's keys; a null authentication key means the decryptor's own. */
    record Keys(byte[] secret, byte[] auth) {
    }

    /** Looked at on every frame: a frame of a meter just added finds its key. */
    private final WatchedFile<Map<String, Keys>> keys;

    MeterKeys(Path file) {
        try {
            // a wrong file stops the start
            keys = new WatchedFile<>(file, 0, "Encrypted P1", null, MeterKeys::read, k -> "keys of " + k.size() + " meters");
        } catch (IOException e) {
            throw new UncheckedIOException("p1.keys-file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The keys for a system title (hex, upper case), or null when the file has none for it. */
    Keys of(String systemTitle) {
        return keys.get().get(systemTitle.toUpperCase(java.util.Locale.ROOT));
    }

    int size() {
        return keys.get().size();
    }

    private static Map<String, Keys> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        Map<String, Keys> read = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + " line " + (i + 1);
            int eq = line.indexOf('=');
            String title = eq < 0 ? "" : line.substring(0, eq).strip().toUpperCase(java.util.Locale.ROOT);
            if (!title.matches("[0-9A-F]{16}")) {
                // the line is not quoted: it may hold a key
                throw new IllegalArgumentException(where + ": expected <system title, 16 hex digits> = <key>[,<authentication key>]");
            }
            String[] parts = line.substring(eq + 1).split(",");
            if (parts.length > 2 || !hexKey(parts[0]) || (parts.length == 2 && !hexKey(parts[1]))) {
                throw new IllegalArgumentException(where + " (system title " + title + "): keys must be 32 hex digits each");
            }
            read.put(title, new Keys(HexFormat.of().parseHex(parts[0].strip()),
                    parts.length == 2 ? HexFormat.of().parseHex(parts[1].strip()) : null));
        }
        return read;
    }

    private static boolean hexKey(String text) {
        return text.strip().matches("[0-9A-Fa-f]{32}");
    }
}
