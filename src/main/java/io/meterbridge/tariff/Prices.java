package io.meterbridge.tariff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.meterbridge.reading.Quoted;
import io.meterbridge.state.AtomicFile;

/**
 * Dynamic market prices per interval (an hour, or a quarter hour since the day-ahead market moved to it), in
 * currency per kWh. They live in a CSV file of {@code time,price} lines, which a user may keep by hand and which
 * fetched prices are merged into, so that costs of past days stay computable after a restart. The file is read
 * again when it changes.
 */
public final class Prices {

    private static final Logger LOG = LoggerFactory.getLogger(Prices.class);
    private static final long HOUR = 3_600_000;
    /** How often the file's time stamp is looked at: a reading costs no file system call. */
    private static final long CHECK_MILLIS = 5_000;

    private final Path file;
    private final ZoneId zone;
    private volatile NavigableMap<Long, Double> table = new TreeMap<>();
    private FileTime loaded;
    private long checked = Long.MIN_VALUE;

    /** Prices of the file, or none when file is null (a tariff without dynamic rates). */
    Prices(Path file, ZoneId zone) {
        this.file = file;
        this.zone = zone;
        if (file != null && Files.exists(file)) {
            table = read(); // a wrong file stops the start
        }
    }

    /**
     * The price of the interval a time falls in, or NaN where none is known. An interval ends at the next price's
     * time, and lasts at most an hour (as long as the one before it when that is shorter): a missing day of prices
     * is unknown, not the last price known.
     */
    double at(long time) {
        reloadIfChanged();
        NavigableMap<Long, Double> t = table;
        Map.Entry<Long, Double> at = t.floorEntry(time);
        if (at == null) {
            return Double.NaN;
        }
        long start = at.getKey();
        Long next = t.higherKey(start);
        Long previous = t.lowerKey(start);
        long end = next != null && next - start <= HOUR ? next : start + Math.min(HOUR, previous == null ? HOUR : start - previous);
        return time < end ? at.getValue() : Double.NaN;
    }

    int size() {
        return table.size();
    }

    /** Adds fetched prices (epoch ms → price per kWh), a price fetched again replacing the one known, and saves the file. */
    synchronized void merge(Map<Long, Double> fetched) {
        NavigableMap<Long, Double> merged = new TreeMap<>(table);
        merged.putAll(fetched);
        table = merged;
        if (file != null) {
            save(merged);
        }
    }

    private synchronized void reloadIfChanged() {
        long now = System.currentTimeMillis();
        if (file == null || now - checked < CHECK_MILLIS) {
            return;
        }
        checked = now;
        try {
            if (Files.exists(file) && !Files.getLastModifiedTime(file).equals(loaded)) {
                table = read();
                LOG.info("Tariff: {} dynamic prices read from {}", table.size(), file);
            }
        } catch (IOException | IllegalArgumentException | UncheckedIOException e) {
            LOG.warn("Tariff: {} cannot be read again ({}); the prices read before stay", file, e.getMessage());
        }
    }

    private NavigableMap<Long, Double> read() {
        List<String> lines;
        try {
            loaded = Files.getLastModifiedTime(file);
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("tariff.prices-file " + file + " cannot be read: " + e.getMessage(), e);
        }
        NavigableMap<Long, Double> read = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || (read.isEmpty() && line.toLowerCase(java.util.Locale.ROOT).startsWith("time"))) {
                continue;
            }
            String[] parts = line.split("[,;]");
            String where = file + " line " + (i + 1);
            if (parts.length != 2) {
                throw new IllegalArgumentException(where + ": expected time,price such as 2025-01-01T00:00:00Z,0.1234 (price per kWh)");
            }
            read.put(time(parts[0].strip(), zone, where), price(parts[1].strip(), where));
        }
        return read;
    }

    private void save(NavigableMap<Long, Double> prices) {
        StringBuilder out = new StringBuilder("time,price\n");
        prices.forEach((t, p) -> out.append(Instant.ofEpochMilli(t)).append(',').append(p).append('\n'));
        try {
            AtomicFile.replace(file, out.toString().getBytes(StandardCharsets.UTF_8));
            loaded = Files.getLastModifiedTime(file);
        } catch (IOException e) {
            LOG.warn("Tariff: fetched prices cannot be saved to {} ({}); they are used until a restart", file, e.getMessage());
        }
    }

    /**
     * A price's time as feeds write it: an instant or a time with its offset (2025-01-01T00:00:00Z, ...+01:00), a
     * local time in the tariff zone, or Unix seconds or milliseconds.
     */
    static long time(String text, ZoneId zone, String where) {
        try {
            if (text.matches("\\d{9,13}")) {
                long n = Long.parseLong(text);
                return n < 100_000_000_000L ? n * 1000 : n;
            }
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                return LocalDateTime.parse(text).atZone(zone).toInstant().toEpochMilli();
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(where + ": time " + Quoted.shorten(text, 40)
                    + " is not an ISO-8601 time (2025-01-01T00:00:00Z, 2025-01-01T01:00, ...) or Unix seconds");
        }
    }

    static double price(String text, String where) {
        try {
            double price = Double.parseDouble(text);
            if (Double.isFinite(price) && Math.abs(price) < 1e6) {
                return price;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException(where + ": price " + Quoted.shorten(text, 40) + " is not a number");
    }
}
