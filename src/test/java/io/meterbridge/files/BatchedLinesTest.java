package io.meterbridge.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.testing.CapturedLog;

/** The telegram log's batches: on disk within the interval, whole, in order, the header first, and kept on stop. */
class BatchedLinesTest {

    @TempDir
    Path dir;

    private BatchedLines started(CamelContext context, String header, int batchSize, long intervalMillis) throws Exception {
        DailyFiles files = new DailyFiles();
        files.setDirectory(dir.toString());
        BatchedLines lines = new BatchedLines(context, files, header, batchSize, intervalMillis);
        context.addService(lines);
        context.start();
        return lines;
    }

    @Test
    void linesReachTheFileWithinTheIntervalAndOnStop() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            BatchedLines lines = started(context, "a,b", 1000, 1000);
            lines.add("x.csv", "1,2");
            lines.add("x.csv", "3,4");
            await().atMost(Duration.ofSeconds(3)).until(() -> Files.exists(dir.resolve("x.csv")));
            assertThat(Files.readAllLines(dir.resolve("x.csv"))).containsExactly("a,b", "1,2", "3,4");
            lines.add("x.csv", "5,6");
            context.stop();
            assertThat(Files.readAllLines(dir.resolve("x.csv"))).as("the batch waiting at stop is written, no second header")
                    .containsExactly("a,b", "1,2", "3,4", "5,6");
        }
    }

    @Test
    void aFullBatchIsWrittenAtOnce() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            BatchedLines lines = started(context, null, 3, 3_600_000);
            for (int i = 0; i < 7; i++) {
                lines.add("y.log", "line " + i);
            }
            assertThat(Files.readAllLines(dir.resolve("y.log"))).as("two full batches, no header; the seventh line waits")
                    .containsExactly("line 0", "line 1", "line 2", "line 3", "line 4", "line 5");
        }
    }

    /** A file that cannot be written (here a directory in its place): said once, and the next file is written. */
    @Test
    void aFileThatCannotBeWrittenIsSaidOnce() throws Exception {
        Files.createDirectory(dir.resolve("blocked.csv"));
        try (CamelContext context = new DefaultCamelContext()) {
            BatchedLines lines = started(context, "h", 1, 1000);
            lines.add("blocked.csv", "1");
            lines.add("blocked.csv", "2");
            lines.add("open.csv", "3");
            assertThat(CapturedLog.messages()).filteredOn(m -> m.contains("Could not append to") && m.contains("blocked.csv")).hasSize(1);
            assertThat(Files.readAllLines(dir.resolve("open.csv"))).containsExactly("h", "3");
        }
    }
}
