package io.meterbridge.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file a setting names (keys, tariffs, prices), read again when it changes: its time stamp is looked at no more
 * often than every {@code checkMillis}, so a caller on a hot path costs no file system call. A version that no longer
 * reads leaves the one read before in use and is said once per change, never with the file's content.
 */
public final class WatchedFile<T> {

    private static final Logger LOG = LoggerFactory.getLogger(WatchedFile.class);

    /** How the file is read; an IOException or a RuntimeException says why it does not read. */
    @FunctionalInterface
    public interface Read<T> {
        T read(Path file) throws IOException;
    }

    private final Path file;
    private final long checkMillis;
    private final String what;
    private final T absent;
    private final Read<T> read;
    private final Function<T, String> summary;
    private volatile T value;
    private FileTime loaded;
    private long checked;

    /**
     * Reads the file now: one that does not read stops the start (the caller gets why). {@code absent}: the value
     * while the file does not exist, or null when it must; {@code summary}: what the log says was read.
     */
    public WatchedFile(Path file, long checkMillis, String what, T absent, Read<T> read, Function<T, String> summary) throws IOException {
        this.file = file;
        this.checkMillis = checkMillis;
        this.what = what;
        this.absent = absent;
        this.read = read;
        this.summary = summary;
        this.checked = System.currentTimeMillis();
        this.value = absent != null && !Files.exists(file) ? absent : load();
    }

    /** What the file holds, read again first when it changed. */
    public T get() {
        long now = System.currentTimeMillis();
        if (now - checked >= checkMillis) {
            reloadIfChanged(now);
        }
        return value;
    }

    /**
     * What to use from now on, as this process wrote it to the file (no need to read it back), or could not (then it
     * is used until the file changes).
     */
    public synchronized void set(T newValue) {
        value = newValue;
        try {
            loaded = Files.getLastModifiedTime(file);
        } catch (IOException e) {
            // not written: the file as it was stays the one last seen
        }
    }

    private synchronized void reloadIfChanged(long now) {
        checked = now;
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (!modified.equals(loaded)) {
                value = load();
                LOG.info("{}: {} read again ({})", what, file, summary.apply(value));
            }
        } catch (NoSuchFileException e) {
            if (loaded != null) {
                LOG.warn("{}: {} is gone; what was read before stays in use", what, file);
                loaded = null;
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: {} cannot be read again ({}); what was read before stays in use", what, file, e.getMessage());
        }
    }

    /** Reads the file; its time stamp is taken first, so a version that does not read is said once, not at every check. */
    private T load() throws IOException {
        loaded = Files.getLastModifiedTime(file);
        return read.read(file);
    }
}
