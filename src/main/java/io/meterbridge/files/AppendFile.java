package io.meterbridge.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file the sinks append lines to, whole or not at all: a write that fails (a full disk) is cut back to where it
 * began, and a torn last line that a crash left is cut off when the file is first opened. It knows which meter
 * times of which series are in it already, so a reading read twice (a rerun of the demo, a replayed capture, an
 * overlapping import) is written once.
 */
final class AppendFile {

    private static final Logger LOG = LoggerFactory.getLogger(AppendFile.class);

    private final Path path;
    private final Map<String, TimeSet> written = new HashMap<>();
    private String firstLine;

    private AppendFile(Path path) {
        this.path = path;
    }

    /** How a file's lines tell which series and meter time they hold. */
    interface Contents {
        /** A line written earlier: report its series and meter time (epoch ms) to {@code written}, if it has them. */
        void line(String line, BiConsumer<String, Long> written);

        /** The first line: a row like the others unless the format has a header. */
        default void firstLine(String line, BiConsumer<String, Long> written) {
            line(line, written);
        }
    }

    /** Opens a file whose lines need no such bookkeeping (the telegram log): a torn tail repaired, its first line read. */
    static AppendFile open(Path path) throws IOException {
        return open(path, null);
    }

    /**
     * Opens the file, repairing a torn tail, and learns from {@code contents} which readings it holds (null: only the
     * first line is read).
     */
    static AppendFile open(Path path, Contents contents) throws IOException {
        AppendFile file = new AppendFile(path);
        if (!Files.exists(path)) {
            // once here, not before every write
            Files.createDirectories(path.toAbsolutePath().getParent());
            return file;
        }
        file.repairTail();
        BiConsumer<String, Long> record = (series, time) -> file.times(series).add(time);
        try (var reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (file.firstLine == null) {
                    file.firstLine = line;
                    if (contents == null) {
                        break;
                    }
                    contents.firstLine(line, record);
                } else if (!line.isEmpty()) {
                    contents.line(line, record);
                }
            }
        } catch (java.nio.charset.MalformedInputException e) {
            LOG.warn("{} is not UTF-8 text from some line on; duplicates of readings after it are not recognised", path);
        }
        return file;
    }

    private void repairTail() throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long end = size;
            ByteBuffer one = ByteBuffer.allocate(1);
            while (end > 0) {
                one.clear();
                channel.read(one, end - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                end--;
            }
            if (end < size) {
                channel.truncate(end);
                LOG.warn("{}: cut off {} bytes of a line a crash left half-written", path, size - end);
            }
        }
    }

    /** The file's first line (a CSV header), or null for an empty or new file. */
    String firstLine() {
        return firstLine;
    }

    boolean isEmpty() {
        return firstLine == null;
    }

    /** Claims a series' time for this write: false if the file has it already (or this write took it). */
    boolean claim(String series, long time) {
        return times(series).add(time);
    }

    /** Gives back times claimed for a write that failed, so the next attempt writes them. */
    void release(List<Map.Entry<String, Long>> claimed) {
        for (Map.Entry<String, Long> c : claimed) {
            times(c.getKey()).remove(c.getValue());
        }
    }

    /** Appends the text (whole lines, the first line first when the file was empty); on failure nothing stays. */
    void append(String header, CharSequence lines) throws IOException {
        String text = firstLine == null && header != null ? header + "\n" + lines : lines.toString();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long start = channel.size();
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(text);
            try {
                channel.position(start);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            } catch (IOException e) {
                channel.truncate(start);
                throw e;
            }
        }
        if (firstLine == null) {
            firstLine = header != null ? header : text.substring(0, Math.max(0, text.indexOf('\n')));
        }
    }

    private TimeSet times(String series) {
        return written.computeIfAbsent(series, s -> new TimeSet());
    }
}
