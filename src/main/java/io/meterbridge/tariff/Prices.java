package io.meterbridge.tariff;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import io.meterbridge.state.WatchedFile;

/**
 * Dynamic market prices per interval (an hour, or a quarter hour since the day-ahead market moved to it), in
 * currency per kWh. They live in a CSV file of {@code time,price} lines, which a user may keep by hand and which
 * fetched prices are merged into, so that costs of past days stay computable after a restart. The file is read
 * again when it changes.
 */
public final class Prices {

    private static final Logger LOG = LoggerFactory.getLogger(Prices.class);
    private static final long HOUR = 3_600_000;

    private final Path file;
    /** The file's prices, or null without a file (a tariff without dynamic rates): then only fetched ones. */
    private final WatchedFile<NavigableMap<Long, Double>> watched;
    private volatile NavigableMap<Long, Double> fetched = new TreeMap<>();

    /** Prices of the file (none while it does not exist); a file that does not read stops the start. */
    Prices(Path file, ZoneId zone) throws IOException {
        this.file = file;
        this.watched = file == null ? null
                : new WatchedFile<>(file, Tariff.CHECK_MILLIS, "Tariff prices", new TreeMap<>(), f -> read(f, zone), t -> t.size() + " prices");
    }

    private NavigableMap<Long, Double> table() {
        return watched == null ? fetched : watched.get();
    }

    /**
     * The price of the interval a time falls in, or NaN where none is known. An interval ends at the next price's
     * time, and lasts at most an hour (as long as the one before it when that is shorter): a missing day of prices
     * is unknown, not the last price known.
     */
    double at(long time) {
        NavigableMap<Long, Double> t = table();
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

    /** Adds fetched prices (epoch ms → price per kWh), a price fetched again replacing the one known, and saves the file. */
    synchronized void merge(Map<Long, Double> prices) {
        NavigableMap<Long, Double> merged = new TreeMap<>(table());
        merged.putAll(prices);
        if (watched == null) {
            fetched = merged;
        } else {
            save(merged);
        }
    }

    private static NavigableMap<Long, Double> read(Path file, ZoneId zone) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
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
        } catch (IOException e) {
            LOG.warn("Tariff: fetched prices cannot be saved to {} ({}); they are used until a restart", file, e.getMessage());
        }
        watched.set(prices);
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
