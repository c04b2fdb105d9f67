package io.meterbridge.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.meterbridge.observe.Metrics;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeCamelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.meterbridge.reading.Reading;

/**
 * A sink's durable queue on disk, so nothing is lost while its server is down or the gateway restarts. Readings are
 * appended to the batch being filled as they arrive (so a crash loses none), a line per reading in the sink's
 * {@link SpoolFormat}; a batch is sealed as one file by size or age, named so that name order is arrival order. The
 * sink's delivery route ({@code from: spool:<this bean>}, one file at a time, oldest first: {@link SpoolConsumer})
 * deletes a file only once it is delivered and keeps it, retrying with back-off, while the server is unreachable. The spool
 * is bounded: past {@code maxBytes} the oldest files are dropped, counted and logged, as Telegraf drops its oldest
 * metrics. Its counters go to the log, to {@link SpoolHealthCheck} and, when metrics are on, to Prometheus.
 */
public class Spool implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    private static final long MAX_RETRY_DELAY_MILLIS = 10_000;
    /** Exchange property: how many readings the batch being delivered holds. */
    public static final String BATCH_SIZE = "MeterbridgeBatchSize";
    /** Exchange property: the spool whose batch the exchange delivers (error handling lets its failures through). */
    public static final String DELIVERY = "MeterbridgeSpool";
    /** Exchange property a sink sets when its server refused only some readings of a batch. */
    public static final String REFUSED = "MeterbridgeRefused";
    /** Exchange property: the server's own words for a refusal, logged with it. */
    public static final String REASON = "MeterbridgeReason";

    private CamelContext camelContext;
    private String name = "sink";
    private Path directory = Path.of("data", "spool", "sink");
    private long maxBytes = 256L * 1024 * 1024;
    private SpoolFormat format = new JsonLines();
    private long lastSequence;
    private int batchSize = 1000;
    private long batchIntervalMillis = 1000;
    /** The batch being filled: its .part file, open for appending, with what it holds and when it was opened. */
    private FileChannel open;
    private Path openPart;
    private long openSince;
    private long openReadings;
    private long openBytes;
    private final AtomicLong spooled = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicInteger failuresInARow = new AtomicInteger();
    private volatile String lastFailure;
    // what waits on disk, kept as running totals so that neither a write nor a metrics scrape lists the directory
    private final AtomicLong waitingBytes = new AtomicLong();
    private final AtomicLong waitingReadings = new AtomicLong();
    private volatile boolean counted;
    private volatile String inFlight;
    private final AtomicLong quarantined = new AtomicLong();
    /** Why the last spool write failed, while writes fail. */
    private volatile String writeFailure;

    /**
     * Appends the readings in the body (a Reading, or a List of them or of Lists: a telegram's electricity and gas) to
     * the batch being filled, a {@code .part} file, before the route goes on: once this returns they are on disk, so
     * a source that acknowledges its message after the route (MQTT QoS 1) never acknowledges what a crash would lose.
     * The batch is sealed for delivery when it holds {@code batchSize} readings or its first is {@code batchInterval}
     * old; a {@code .part} a crash or stop leaves is sealed at the next start.
     */
    public synchronized void append(Exchange exchange) throws IOException {
        countWaiting();
        StringBuilder lines = new StringBuilder(600);
        long readings = lines(exchange.getMessage().getBody(), lines);
        if (readings == 0) {
            return;
        }
        byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
        try {
            if (open == null) {
                openBatch();
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                open.write(buffer);
            }
        } catch (IOException e) {
            cannotSpool(readings, e);
            return;
        }
        if (writeFailure != null) {
            LOG.info("Spool of {} writable again ({})", name, directory);
            writeFailure = null;
        }
        openReadings += readings;
        openBytes += bytes.length;
        spooled.addAndGet(readings);
        waitingReadings.addAndGet(readings);
        if (openReadings >= batchSize) {
            seal();
        }
        if (waitingBytes.addAndGet(bytes.length) > maxBytes) {
            dropOldest();
        }
    }

    /** Formats the items in a message body (readings, frames) as lines; returns how many it wrote. */
    private long lines(Object body, StringBuilder out) throws IOException {
        long readings = 0;
        for (Object item : body instanceof List<?> list ? list : java.util.Collections.singletonList(body)) {
            if (item instanceof List<?>) {
                readings += lines(item, out);
            } else if (item != null) {
                int before = out.length();
                format.append(item, out);
                if (out.length() > before) {
                    out.append('\n');
                    readings++;
                }
            }
        }
        return readings;
    }

    private void openBatch() throws IOException {
        // a microsecond clock with a sequence for ties: names sort in arrival order, also across restarts
        lastSequence = Math.max(lastSequence + 1, System.currentTimeMillis() * 1000);
        Files.createDirectories(directory);
        Path part = directory.resolve(String.format("%020d.%s.part", lastSequence, format.extension()));
        open = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        openPart = part;
        openSince = System.nanoTime();
    }

    /**
     * Hands the batch being filled to the delivery route, whose consumer takes only {@code *.<extension>}: a
     * rename, so it never sees a batch half written.
     */
    public synchronized void seal() {
        if (open == null) {
            return;
        }
        Path part = openPart;
        try {
            open.close();
            Files.move(part, sealed(part), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Spool of {}: cannot hand {} to delivery ({}); it is delivered after the next start", name, part, e.toString());
        } finally {
            forgetBatch();
        }
    }

    /** The name a batch's .part file has once sealed. */
    private static Path sealed(Path part) {
        return part.resolveSibling(part.getFileName().toString().replaceFirst("\\.part$", ""));
    }

    private void forgetBatch() {
        open = null;
        openPart = null;
        openReadings = 0;
        openBytes = 0;
    }

    /** Seals the batch being filled once its first reading is batchInterval old; run every tick while Camel runs. */
    synchronized void sealIfDue() {
        if (open != null && System.nanoTime() - openSince >= batchIntervalMillis * 1_000_000) {
            seal();
        }
    }

    /**
     * The readings could not be written (a full disk, a read-only mount): they are dropped and counted with the
     * reason, never counted as spooled, and the sink reports DOWN until a write succeeds again. The batch is cut back
     * to its whole rows.
     */
    private void cannotSpool(long readings, IOException e) {
        if (open != null) {
            try {
                open.truncate(openBytes);
            } catch (IOException ignored) {
                // the write failed already; a torn last row is cut at the next start
            }
            if (openReadings == 0) {
                try {
                    open.close();
                    Files.deleteIfExists(openPart);
                } catch (IOException ignored) {
                    // an empty .part is removed at the next start
                }
                forgetBatch();
            }
        }
        long all = dropped.addAndGet(readings);
        boolean first = writeFailure == null;
        writeFailure = e.toString();
        if (first || all % 1000 < readings) {
            LOG.warn("Spool of {} cannot write to {} ({}): {} readings dropped ({} dropped since start)", name, directory,
                    writeFailure, readings, all);
        }
    }

    private void dropOldest() throws IOException {
        List<Path> files = files();
        for (int i = 0; waitingBytes.get() > maxBytes && i < files.size() - 1; i++) {
            Path oldest = files.get(i);
            if (oldest.getFileName().toString().equals(inFlight)) {
                continue; // being delivered right now: the delivery route accounts for it
            }
            long size = Files.size(oldest);
            long readings = lines(oldest);
            // the delivery route may have taken it meanwhile; only what this deletes is dropped
            if (Files.deleteIfExists(oldest)) {
                waitingBytes.addAndGet(-size);
                waitingReadings.addAndGet(-readings);
                long all = dropped.addAndGet(readings);
                LOG.warn("Spool of {} is over {} bytes: dropped its oldest {} readings ({} dropped since start)", name,
                        maxBytes, readings, all);
            }
        }
    }

    /**
     * Once per start: what an earlier run left in the spool. A batch a crash left as {@code .part} keeps its whole
     * lines; a file that cannot be read (not UTF-8, unreadable) is moved to {@code quarantine/}, never a reason not
     * to start or to stop delivering the rest.
     */
    private void countWaiting() throws IOException {
        if (counted) {
            return;
        }
        synchronized (this) {
            if (!counted) {
                repairTornBatches();
                for (Path f : files()) {
                    try {
                        long readings = lines(f);
                        waitingBytes.addAndGet(Files.size(f));
                        waitingReadings.addAndGet(readings);
                    } catch (IOException e) {
                        quarantine(f, e.toString());
                    }
                }
                counted = true;
            }
        }
    }

    /** A .part file is a batch a crash interrupted: its whole lines become a spool file, a torn last line is cut. */
    private void repairTornBatches() {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> list = Files.list(directory)) {
            for (Path part : list.filter(p -> p.getFileName().toString().endsWith("." + format.extension() + ".part")).toList()) {
                byte[] bytes = Files.readAllBytes(part);
                int end = bytes.length;
                while (end > 0 && bytes[end - 1] != '\n') {
                    end--;
                }
                if (end == 0) {
                    Files.delete(part);
                    continue;
                }
                Path whole = sealed(part);
                Files.write(whole, java.util.Arrays.copyOf(bytes, end));
                Files.delete(part);
                LOG.info("Spool of {}: kept the whole lines of {}, which a stop left half written", name, part.getFileName());
            }
        } catch (IOException e) {
            LOG.warn("Spool of {}: cannot repair what a stop left half written in {}: {}", name, directory, e.toString());
        }
    }

    /**
     * Moves a spool file that cannot be read aside, counted and logged; the rest of the spool goes on. Returns false
     * when it could not be moved either.
     */
    private boolean quarantine(Path file, String why) {
        Path aside = directory.resolve("quarantine");
        try {
            Files.move(file, Files.createDirectories(aside).resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("Spool of {}: {} cannot be read ({}) nor moved aside ({})", name, file, why, e.toString());
            return false;
        }
        quarantined.incrementAndGet();
        LOG.warn("Spool of {}: {} cannot be read ({}); moved to {} for a person to look at", name, file.getFileName(), why, aside);
        return true;
    }

    private List<Path> files() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        String suffix = "." + format.extension();
        try (Stream<Path> list = Files.list(directory)) {
            return list.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    /** The sealed batch to deliver next, or null when none waits. */
    Path oldest() throws IOException {
        countWaiting();
        List<Path> files = files();
        return files.isEmpty() ? null : files.get(0);
    }

    /** Readings in a spool file; throws when it is not UTF-8 (a damaged file) or cannot be read. */
    private static long lines(Path file) throws IOException {
        return readings(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Readings in a spool file's text: one a line. */
    private static long readings(String text) {
        return text.lines().filter(l -> !l.isEmpty()).count();
    }

    /**
     * The consumer takes the sealed batch {@code file}: its text becomes the body, with how many readings it holds. A
     * file that is not UTF-8 (damaged on disk, or put there by hand) is moved to {@code quarantine/} like one found at
     * start, and false returned, so the consumer goes on with the next.
     */
    boolean take(Path file, Exchange exchange) throws IOException {
        countWaiting();
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            if (!quarantine(file, "not UTF-8")) {
                throw new IOException(file + " is not UTF-8 and cannot be moved aside", e);
            }
            return false;
        }
        String fileName = file.getFileName().toString();
        exchange.getMessage().setBody(text);
        exchange.getMessage().setHeader(Exchange.FILE_NAME_ONLY, fileName);
        exchange.getMessage().setHeader(Exchange.FILE_LENGTH, (long) bytes.length);
        exchange.setProperty(BATCH_SIZE, readings(text));
        inFlight = fileName;
        return true;
    }

    /**
     * A batch as its delivery route gets it ({@link SpoolFormat#read}): its text, or its items read back. A line that
     * cannot be read back (damaged on disk) is dropped, counted and logged; the rest of the batch is delivered.
     */
    Object read(Exchange exchange) throws IOException {
        List<String> unreadable = new java.util.ArrayList<>();
        Object body = format.read(exchange.getMessage().getBody(String.class), unreadable::add);
        if (!unreadable.isEmpty()) {
            long all = dropped.addAndGet(unreadable.size());
            exchange.setProperty(BATCH_SIZE, Math.max(0, batchSize(exchange) - unreadable.size()));
            waitingReadings.addAndGet(-unreadable.size());
            LOG.warn("Spool of {}: {} lines of {} cannot be read back ({}), dropped ({} dropped since start)", name,
                    unreadable.size(), exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY), unreadable.get(0), all);
        }
        return body;
    }

    /**
     * The server took the batch as too large: it becomes two batches of half its lines each, named to sort where it
     * stood ({@code <name>-0}, {@code <name>-1}), and false when a single reading is too large (refused for good then).
     * The halves are written before the whole is deleted: a crash in between delivers some readings twice, which a
     * sink that overwrites by time (InfluxDB) stores once.
     */
    boolean split(Path file) throws IOException {
        List<String> lines = Files.readString(file, StandardCharsets.UTF_8).lines().filter(l -> !l.isEmpty()).toList();
        if (lines.size() < 2) {
            return false;
        }
        String name = file.getFileName().toString();
        String stem = name.substring(0, name.length() - format.extension().length() - 1);
        int half = lines.size() / 2;
        writeBatch(file.resolveSibling(stem + "-1." + format.extension()), lines.subList(half, lines.size()));
        writeBatch(file.resolveSibling(stem + "-0." + format.extension()), lines.subList(0, half));
        Files.delete(file);
        inFlight = null;
        LOG.info("Spool of {}: {} was too large for the server; split into two batches of {} and {} readings", this.name, name,
                half, lines.size() - half);
        return true;
    }

    private static void writeBatch(Path file, List<String> lines) throws IOException {
        Path part = file.resolveSibling(file.getFileName() + ".part");
        Files.write(part, lines, StandardCharsets.UTF_8);
        Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The delivery route delivered the batch: its file is deleted now. */
    void delivered(Exchange exchange) {
        delivered.addAndGet(batchSize(exchange));
        gone(exchange);
        if (failuresInARow.getAndSet(0) > 0) {
            LOG.info("{} reachable again; delivering what was kept ({})", name, this);
        }
    }

    /**
     * The server refused the batch, or part of it ({@link #REFUSED}), for good (bad data, a type conflict): the
     * refused readings are dropped and logged, the rest counted as delivered, and the file is deleted.
     */
    void refused(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        long batch = batchSize(exchange);
        Number refused = exchange.getProperty(REFUSED, Number.class);
        long n = refused == null ? batch : Math.min(batch, refused.longValue());
        delivered.addAndGet(batch - n);
        long all = dropped.addAndGet(n);
        gone(exchange);
        failuresInARow.set(0);
        String reason = exchange.getProperty(REASON, String.class);
        LOG.warn("{} refused {} of {} readings for good, dropped ({} dropped since start): {}", name, n, batch, all,
                reason != null ? reason : e == null ? "" : e.getMessage());
    }

    private void gone(Exchange exchange) {
        inFlight = null;
        waitingReadings.addAndGet(-batchSize(exchange));
        Long length = exchange.getMessage().getHeader(Exchange.FILE_LENGTH, Long.class);
        if (length != null) {
            waitingBytes.addAndGet(-length);
        }
    }

    /**
     * Delivery failed for now (server down, 5xx): the file stays. Returns how long to wait before the next attempt:
     * 100 ms doubling up to 10 s, short enough for a graceful shutdown to wait for it.
     */
    long retrying(Exchange exchange, String why) {
        long n = retried.incrementAndGet();
        int streak = failuresInARow.incrementAndGet();
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        lastFailure = why != null ? why : e == null ? "unknown" : e.getMessage();
        if (streak == 1 || n % 100 == 0) {
            LOG.warn("{} {}, readings kept in {} and retried with back-off ({} retries so far): {}", name,
                    why != null ? "does not take deliveries" : "unreachable", directory, n, lastFailure);
        }
        return Math.min(MAX_RETRY_DELAY_MILLIS, 100L << Math.min(streak - 1, 7));
    }

    private static long batchSize(Exchange exchange) {
        Number batch = exchange.getProperty(BATCH_SIZE, Number.class);
        return batch == null ? 0 : batch.longValue();
    }

    /** Readings waiting on disk now. */
    public long depth() throws IOException {
        countWaiting();
        return waitingReadings.get();
    }

    /** Whether the last attempt to deliver failed and the server has not taken anything since. */
    public boolean failing() {
        return failuresInARow.get() > 0;
    }

    /** Why the last attempt failed, while {@link #failing()}. */
    public String lastFailure() {
        return lastFailure;
    }

    /** Why the last batch could not be written to the spool, or null while writes succeed. */
    public String writeFailure() {
        return writeFailure;
    }

    public long quarantined() {
        return quarantined.get();
    }

    @Override
    public String toString() {
        return name + ": " + delivered.get() + " delivered, " + spooled.get() + " spooled, " + retried.get()
                + " retries, " + dropped.get() + " dropped, " + waitingReadings.get() + " waiting";
    }

    /** Camel injects the context into beans from application.properties; meters are registered once it started. */
    @Override
    public void setCamelContext(CamelContext camelContext) {
        if (this.camelContext == camelContext) {
            return; // Camel may inject it twice; one listener is enough
        }
        this.camelContext = camelContext;
        try {
            camelContext.addStartupListener((context, alreadyStarted) -> {
                registerMeters(context);
                sealDueBatches(context);
            });
        } catch (Exception e) {
            throw RuntimeCamelException.wrapRuntimeException(e);
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    /** Checks the batch's age a tenth of batchInterval apart; Camel shuts the thread down when it stops. */
    private void sealDueBatches(CamelContext context) {
        long tick = Math.max(10, Math.min(100, batchIntervalMillis / 10));
        context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "spool-" + id())
                .scheduleWithFixedDelay(this::sealIfDue, tick, tick, TimeUnit.MILLISECONDS);
    }

    private void registerMeters(CamelContext context) throws IOException {
        MeterRegistry registry = Metrics.registry(context);
        if (registry == null) {
            return;
        }
        countWaiting();
        String sink = id();
        counter(registry, sink, "delivered", delivered);
        counter(registry, sink, "spooled", spooled);
        counter(registry, sink, "dropped", dropped);
        FunctionCounter.builder("meterbridge.sink.quarantined.files", quarantined, AtomicLong::get).tag("sink", sink)
                .description("Spool files that could not be read, moved to quarantine/").register(registry);
        FunctionCounter.builder("meterbridge.sink.retries", retried, AtomicLong::get).tag("sink", sink)
                .description("Failed delivery attempts, each retried later").register(registry);
        Gauge.builder("meterbridge.sink.waiting.readings", waitingReadings, AtomicLong::get).tag("sink", sink)
                .description("Readings in the spool waiting for delivery").register(registry);
        Gauge.builder("meterbridge.sink.waiting.bytes", waitingBytes, AtomicLong::get).tag("sink", sink)
                .description("Size of the spool on disk").baseUnit("bytes").register(registry);
    }

    private static void counter(MeterRegistry registry, String sink, String outcome, AtomicLong count) {
        FunctionCounter.builder("meterbridge.sink.readings", count, AtomicLong::get).tag("sink", sink).tag("outcome", outcome)
                .description("Readings per sink: delivered, written to the spool, or dropped").register(registry);
    }

    /** The sink's name as metrics show it: lower case, e.g. influxdb. */
    private String id() {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public void setDirectory(String directory) {
        this.directory = Path.of(directory);
    }

    /** A batch is sealed for delivery once it holds this many readings. */
    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    /** A batch is sealed for delivery at the latest this long after its first reading. */
    public void setBatchInterval(long millis) {
        this.batchIntervalMillis = millis;
    }

    /** Bound of the spool on disk; past it the oldest readings are dropped. */
    public void setMaxBytes(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** How readings are written: JSON lines by default, or the sink's own wire format. */
    public void setFormat(SpoolFormat format) {
        this.format = format;
    }

    public long delivered() {
        return delivered.get();
    }

    public long spooled() {
        return spooled.get();
    }

    public long retried() {
        return retried.get();
    }

    public long dropped() {
        return dropped.get();
    }
}
