package io.meterbridge.spool;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.meterbridge.reading.Json;
import io.meterbridge.reading.Reading;
import io.meterbridge.reading.ReadingJson;

/**
 * A sink's durable queue on disk, so nothing is lost while its server is down or the gateway restarts. Each batch
 * of readings becomes one file of JSON lines, named so that name order is arrival order; the sink's delivery route
 * (a Camel file consumer, one file at a time, oldest first) deletes a file only once its readings are delivered
 * and keeps it, retrying with back-off, while the server is unreachable. The spool is bounded: past
 * {@code maxBytes} the oldest files are dropped, counted and logged, as Telegraf drops its oldest metrics.
 */
public class Spool {

    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);

    private String name = "sink";
    private Path directory = Path.of("data", "spool", "sink");
    private long maxBytes = 256L * 1024 * 1024;
    private long lastSequence;
    private final AtomicLong spooled = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger failuresInARow = new java.util.concurrent.atomic.AtomicInteger();
    private static final long MAX_RETRY_DELAY_MILLIS = 10_000;

    /** Writes the batch in the body (a List of Reading) as the newest spool file, then keeps the spool in bounds. */
    public synchronized void write(Exchange exchange) throws Exception {
        List<?> batch = exchange.getMessage().getMandatoryBody(List.class);
        StringBuilder lines = new StringBuilder(batch.size() * 600);
        for (Object reading : batch) {
            lines.append(Json.MAPPER.writeValueAsString(reading)).append('\n');
        }
        Files.createDirectories(directory);
        // a millisecond clock with a sequence for ties: names sort in arrival order, also across restarts
        lastSequence = Math.max(lastSequence + 1, System.currentTimeMillis() * 1000);
        String fileName = String.format("%020d.jsonl", lastSequence);
        Path part = directory.resolve(fileName + ".part");
        Files.writeString(part, lines, StandardCharsets.UTF_8);
        // the delivery route only reads *.jsonl, so it never sees a file half written
        Files.move(part, directory.resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
        spooled.addAndGet(batch.size());
        enforceBound();
    }

    private void enforceBound() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
        long total = 0;
        for (Path f : files) {
            total += Files.size(f);
        }
        for (int i = 0; total > maxBytes && i < files.size() - 1; i++) {
            Path oldest = files.get(i);
            long size = Files.size(oldest);
            long readings;
            try (Stream<String> lines = Files.lines(oldest)) {
                readings = lines.count();
            }
            Files.deleteIfExists(oldest);
            total -= size;
            long all = dropped.addAndGet(readings);
            LOG.warn("Spool of {} is over {} bytes: dropped its oldest {} readings ({} dropped since start)", name,
                    maxBytes, readings, all);
        }
    }

    /** The readings of one spool file, as the delivery route reads it. */
    public List<Reading> read(String lines) throws IOException {
        List<Reading> readings = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new StringReader(lines))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    readings.add(ReadingJson.parse(Json.MAPPER.readTree(line)));
                }
            }
        }
        return readings;
    }

    /** The delivery route delivered the batch in the body. */
    public void delivered(Exchange exchange) {
        delivered.addAndGet(size(exchange));
        if (failuresInARow.getAndSet(0) > 0) {
            LOG.info("{} reachable again; delivering what was kept ({})", name, this);
        }
    }

    /** The server refused the batch for good (a 4xx: bad data, no such database): it is dropped, and logged. */
    public void refused(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        long n = size(exchange);
        long all = dropped.addAndGet(n);
        LOG.warn("{} refused {} readings for good, dropped ({} dropped since start): {}", name, n, all,
                e == null ? "" : e.getMessage());
    }

    /**
     * Delivery failed for now (server down, 5xx): the file stays. Returns how long to wait before the next attempt:
     * 100 ms doubling up to 10 s, short enough for a graceful shutdown to wait for it.
     */
    public long retrying(Exchange exchange) {
        long n = retried.incrementAndGet();
        int streak = failuresInARow.incrementAndGet();
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (streak == 1 || n % 100 == 0) {
            LOG.warn("{} unreachable, readings kept in {} and retried with back-off ({} retries so far): {}", name, directory, n,
                    e == null ? "" : e.getMessage());
        }
        return Math.min(MAX_RETRY_DELAY_MILLIS, 100L << Math.min(streak - 1, 7));
    }

    private static long size(Exchange exchange) {
        Object batch = exchange.getProperty("MeterbridgeBatchSize");
        return batch instanceof Number n ? n.longValue() : 0;
    }

    /** Readings waiting on disk now. */
    public long depth() throws IOException {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        long n = 0;
        try (Stream<Path> list = Files.list(directory)) {
            for (Path f : list.filter(p -> p.getFileName().toString().endsWith(".jsonl")).toList()) {
                try (Stream<String> lines = Files.lines(f)) {
                    n += lines.count();
                }
            }
        }
        return n;
    }

    @Override
    public String toString() {
        long waiting;
        try {
            waiting = depth();
        } catch (IOException e) {
            waiting = -1;
        }
        return name + ": " + delivered.get() + " delivered, " + spooled.get() + " spooled, " + retried.get()
                + " retries, " + dropped.get() + " dropped, " + waiting + " waiting";
    }

    public void setName(String name) {
        this.name = name;
    }

    public void setDirectory(String directory) {
        this.directory = Path.of(directory);
    }

    /** Bound of the spool on disk; past it the oldest readings are dropped. */
    public void setMaxBytes(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public long delivered() {
        return delivered.get();
    }

    public long dropped() {
        return dropped.get();
    }
}
