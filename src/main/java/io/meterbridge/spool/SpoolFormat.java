package io.meterbridge.spool;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * How a sink's spool writes what it holds: one line per item (a reading, or an encrypted frame), in the form its
 * delivery route sends on, so that delivering a batch is reading a file and not converting it again.
 */
public interface SpoolFormat {

    /** File name extension of the spool files. */
    String extension();

    /** Appends the item as one line, without its line end; appends nothing for an item it cannot express. */
    void append(Object item, StringBuilder out) throws IOException;

    /**
     * What a delivery route gets for a batch's text: the text itself, or the items read back when the route needs
     * them; {@code unreadable} hears of each line that is no item (damaged on disk), which is then left out.
     */
    default Object read(String text, Consumer<String> unreadable) throws IOException {
        return text;
    }
}
