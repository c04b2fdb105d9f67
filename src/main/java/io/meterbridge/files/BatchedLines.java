package io.meterbridge.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lines appended to daily files a batch at a time: written once a file has {@code batchSize} waiting, else at
 * most {@code intervalMillis} after they were added, and on stop. Per telegram, a file write costs more than parsing it, and a Camel
 * aggregator in front of the file component cost a fifth of the ingest thread (docs/BENCHMARKS.md); this is the
 * same batching without an exchange per line. A file that is new gets the header line first,
 * if there is one.
 */
final class BatchedLines extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(BatchedLines.class);

    private final DailyFiles files;
    private final String header;
    private final int batchSize;
    private final long intervalMillis;
    private final Map<String, Batch> waiting = new LinkedHashMap<>();
    private final CamelContext context;
    private ScheduledExecutorService timer;
    private boolean failing;

    private static final class Batch {
        final StringBuilder text = new StringBuilder(16_384);
        int lines;
    }

    BatchedLines(CamelContext context, DailyFiles files, String header, int batchSize, long intervalMillis) {
        this.context = context;
        this.files = files;
        this.header = header;
        this.batchSize = batchSize;
        this.intervalMillis = intervalMillis;
    }

    /** Adds a line for the named file; writes that file's batch when it is full. */
    void add(String fileName, String line) {
        String full = null;
        synchronized (waiting) {
            Batch batch = waiting.computeIfAbsent(fileName, f -> new Batch());
            batch.text.append(line).append('\n');
            if (++batch.lines >= batchSize) {
                waiting.remove(fileName);
                full = batch.text.toString();
            }
        }
        if (full != null) {
            write(fileName, full);
        }
    }

    /** Writes everything waiting. */
    void flush() {
        Map<String, Batch> batches;
        synchronized (waiting) {
            batches = new LinkedHashMap<>(waiting);
            waiting.clear();
        }
        batches.forEach((fileName, batch) -> write(fileName, batch.text.toString()));
    }

    // one writer at a time, so the header goes first and batches of one file keep their order
    private synchronized void write(String fileName, String lines) {
        Path path = files.path(fileName);
        try {
            String text = header == null || Files.exists(path) ? lines : header + "\n" + lines;
            Files.createDirectories(path.toAbsolutePath().getParent());
            Files.writeString(path, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (failing) {
                LOG.info("{} is written again", path);
                failing = false;
            }
        } catch (IOException e) {
            // said once per outage (a full disk would otherwise log every second); these lines are lost
            if (!failing) {
                LOG.warn("Could not append to {} ({}); its lines are dropped until it can be written", path, e.toString());
                failing = true;
            }
        }
    }

    @Override
    protected void doStart() {
        timer = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "batched-lines");
        timer.scheduleWithFixedDelay(this::flush, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (timer != null) {
            context.getExecutorServiceManager().shutdownNow(timer);
            timer = null;
        }
        flush();
    }

}
