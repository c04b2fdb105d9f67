package io.meterbridge.pge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.meterbridge.state.AtomicFile;
import io.meterbridge.espi.EspiDataFormat;
import io.meterbridge.reading.Reading;

/**
 * Which intervals of which series meterbridge already delivered, kept on disk so that a restart resumes exactly:
 * per series (usage point, measurement, direction) the covered time as merged ranges of UTC epoch seconds. New
 * readings are those of intervals not covered yet, so a feed fetched twice, overlapping blocks or a notification
 * for data already polled deliver nothing twice. The end of the last range is the series' checkpoint; a hole
 * between two ranges is a gap, re-requested while PG&E still has it and reported before it is gone for good.
 *
 * <p>A route asks for {@link #fresh} readings, sends them to the hub, then {@link #commit}s them: a reading is
 * recorded as delivered only after the hub took it. One consumer thread does all of it (seda:pge-fetch), so two
 * feeds never race for the same interval.
 */
public class PgeHistory {

    /** Exchange property: the intervals {@link #fresh} let through, for {@link #commit}. */
    static final String PENDING = "MeterbridgePgePending";

    private static final Logger LOG = LoggerFactory.getLogger(PgeHistory.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path file;
    private final Map<String, Series> series = new HashMap<>();
    private final Set<String> gapsReported = new HashSet<>();
    private boolean loaded;

    /** One series: the resource it came from, its meter, and its covered ranges (start → end). */
    static final class Series {
        final String resource;
        final String meter;
        final TreeMap<Long, Long> ranges = new TreeMap<>();

        Series(String resource, String meter) {
            this.resource = resource;
            this.meter = meter;
        }

        boolean covers(long start, long end) {
            Map.Entry<Long, Long> e = ranges.floorEntry(start);
            return e != null && e.getValue() >= end;
        }

        void add(long start, long end) {
            Map.Entry<Long, Long> before = ranges.floorEntry(start);
            if (before != null && before.getValue() >= start) {
                start = before.getKey();
                end = Math.max(end, before.getValue());
            }
            for (Map.Entry<Long, Long> next = ranges.ceilingEntry(start); next != null && next.getKey() <= end;
                    next = ranges.ceilingEntry(start)) {
                end = Math.max(end, next.getValue());
                ranges.remove(next.getKey());
            }
            ranges.put(start, end);
        }

        long checkpoint() {
            return ranges.lastEntry().getValue();
        }
    }

    /** An interval a fresh reading covers, recorded by {@link #commit}. */
    private record Covered(String series, String resource, String meter, long start, long end) {
    }

    /** A hole in a series: PG&E has not given these intervals yet. */
    public record Gap(String meter, String series, Instant start, Instant end) {
    }

    /** The readings of the exchange's body not delivered before; what they cover waits for {@link #commit}. */
    public synchronized List<Reading> fresh(Exchange exchange) throws IOException {
        load();
        @SuppressWarnings("unchecked")
        List<Reading> readings = exchange.getMessage().getBody(List.class);
        String resource = resource(exchange.getMessage().getHeader(PgeApi.URL, "", String.class));
        List<Reading> out = new ArrayList<>();
        List<Covered> pending = new ArrayList<>();
        // the espi data format already gives each (series, start) once per feed
        for (Reading r : readings) {
            String key = EspiDataFormat.series(r);
            long start = r.time().getEpochSecond();
            long end = start + ((Number) r.fields().getOrDefault(EspiDataFormat.DURATION_S, 0L)).longValue();
            Series s = series.get(key);
            if (s == null || !s.covers(start, end)) {
                out.add(r);
                pending.add(new Covered(key, resource, r.tag("meter"), start, end));
            }
        }
        exchange.setProperty(PENDING, pending);
        if (readings.size() > out.size()) {
            LOG.debug("{} of {} readings from {} were delivered before", readings.size() - out.size(), readings.size(), resource);
        }
        return out;
    }

    /** Records what the exchange's fresh readings covered, on disk, once the hub has them. */
    public synchronized void commit(Exchange exchange) throws IOException {
        @SuppressWarnings("unchecked")
        List<Covered> pending = exchange.getProperty(PENDING, List.class);
        if (pending == null || pending.isEmpty()) {
            return;
        }
        for (Covered c : pending) {
            series.computeIfAbsent(c.series(), k -> new Series(c.resource(), c.meter())).add(c.start(), c.end());
        }
        save();
    }

    /**
     * The time windows to ask {@code resource} for: from the earliest checkpoint of its series up to now, or the
     * last {@code backfill} when none is known yet, plus every gap PG&E may still have (never before
     * {@code now - available}); at most {@code maxWindow} long each.
     */
    public synchronized List<Instant[]> windows(String resource, Instant now, Duration backfill, Duration available,
                                                Duration maxWindow) throws IOException {
        load();
        long earliest = now.minus(available).getEpochSecond();
        List<long[]> wanted = new ArrayList<>();
        long from = Long.MAX_VALUE;
        for (Series s : series.values()) {
            if (s.resource.equals(resource)) {
                from = Math.min(from, s.checkpoint());
                long previousEnd = Long.MIN_VALUE;
                for (Map.Entry<Long, Long> range : s.ranges.entrySet()) {
                    if (previousEnd != Long.MIN_VALUE && range.getKey() > earliest) {
                        wanted.add(new long[] { Math.max(previousEnd, earliest), range.getKey() });
                    }
                    previousEnd = range.getValue();
                }
            }
        }
        if (from == Long.MAX_VALUE) {
            from = now.minus(backfill).getEpochSecond();
        }
        wanted.add(new long[] { Math.max(from, earliest), now.getEpochSecond() });
        List<Instant[]> windows = new ArrayList<>();
        for (long[] w : wanted) {
            for (long s = w[0]; s < w[1]; s += maxWindow.getSeconds()) {
                windows.add(new Instant[] { Instant.ofEpochSecond(s), Instant.ofEpochSecond(Math.min(w[1], s + maxWindow.getSeconds())) });
            }
        }
        return windows;
    }

    /** Every hole between delivered ranges, oldest first. */
    public synchronized List<Gap> gaps() throws IOException {
        load();
        List<Gap> gaps = new ArrayList<>();
        for (Map.Entry<String, Series> e : series.entrySet()) {
            Long previousEnd = null;
            for (Map.Entry<Long, Long> range : e.getValue().ranges.entrySet()) {
                if (previousEnd != null) {
                    gaps.add(new Gap(e.getValue().meter, e.getKey(), Instant.ofEpochSecond(previousEnd), Instant.ofEpochSecond(range.getKey())));
                }
                previousEnd = range.getValue();
            }
        }
        gaps.sort((a, b) -> a.start().compareTo(b.start()));
        return gaps;
    }

    /**
     * The gaps whose oldest day PG&E drops within {@code warning} (PG&E keeps {@code available} of history), each
     * logged once, as is each gap that is already partly gone for good.
     */
    public synchronized List<Gap> expiring(Instant now, Duration available, Duration warning) throws IOException {
        List<Gap> soon = new ArrayList<>();
        for (Gap g : gaps()) {
            Instant gone = g.start().plus(available);
            if (!now.isBefore(gone)) {
                if (gapsReported.add("lost" + g)) {
                    LOG.warn("PG&E no longer has {} to {} of meter {}: these intervals are missing for good", g.start(), g.end(), g.meter());
                }
            } else if (now.plus(warning).isAfter(gone)) {
                soon.add(g);
                if (gapsReported.add("soon" + g)) {
                    LOG.warn("Gap {} to {} of meter {} is still missing; PG&E drops its first day on {}. It is re-requested at "
                            + "every poll; if it stays missing, download it by hand from PG&E's Green Button page",
                            g.start(), g.end(), g.meter(), gone);
                }
            }
        }
        return soon;
    }

    /** The resource a URL fetches: the URL without its query (the window or the notification's correlation id). */
    static String resource(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    private void load() throws IOException {
        if (loaded) {
            return;
        }
        loaded = true;
        if (file == null || !Files.exists(file)) {
            return;
        }
        JsonNode root = JSON.readTree(file.toFile());
        for (JsonNode s : root.path("series")) {
            Series loadedSeries = new Series(s.path("resource").asText(), s.path("meter").asText());
            for (JsonNode r : s.path("ranges")) {
                loadedSeries.ranges.put(r.get(0).asLong(), r.get(1).asLong());
            }
            if (!loadedSeries.ranges.isEmpty()) {
                series.put(s.path("key").asText(), loadedSeries);
            }
        }
        LOG.info("PG&E history: {} series, resuming from {}", series.size(), file);
    }

    /** Written to a temporary file and moved over the old one, so a crash leaves one or the other whole. */
    private void save() throws IOException {
        if (file == null) {
            return;
        }
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("series");
        for (Map.Entry<String, Series> e : series.entrySet()) {
            ObjectNode s = list.addObject();
            s.put("key", e.getKey());
            s.put("resource", e.getValue().resource);
            s.put("meter", e.getValue().meter);
            ArrayNode ranges = s.putArray("ranges");
            e.getValue().ranges.forEach((start, end) -> ranges.addArray().add(start).add(end));
        }
        AtomicFile.replace(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    /** Where the history is kept (a JSON file); without one it lasts until the gateway stops. */
    public void setFile(String file) {
        this.file = Path.of(file).toAbsolutePath();
    }
}
