package io.meterbridge.files;

import java.io.IOException;
import java.nio.file.Path;
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
 * same batching without an exchange per line. Written through {@link AppendFile}: whole
 * lines only, and a file that is empty gets the header line first, if there is one.
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
    private String openName;
    private AppendFile open;

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

    // one writer at a time, so batches of one file keep their order; the file of the last write stays open (a telegram
    // log writes one file a day)
    private synchronized void write(String fileName, String lines) {
        Path path = files.path(fileName);
        try {
            if (!fileName.equals(openName)) {
                open = AppendFile.open(path);
                openName = fileName;
            }
            open.append(header, lines);
            if (failing) {
                LOG.info("{} is written again", path);
                failing = false;
            }
        } catch (IOException e) {
            // said once per outage (a full disk would otherwise log every second); these lines are lost, and a write
            // that failed halfway is cut back, so the file holds whole lines only
            if (!failing) {
                LOG.warn("Could not append to {} ({}); its lines are dropped until it can be written", path, e.toString());
                failing = true;
            }
        }
    }

    @Override
    protected void doStart() {
        if (batchSize > 1) { // with batches of one, nothing ever waits
            timer = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "batched-lines");
            timer.scheduleWithFixedDelay(this::flush, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        }
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
