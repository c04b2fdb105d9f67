package io.meterbridge.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.reading.Reading;
import io.meterbridge.testing.CapturedLog;
import io.meterbridge.testing.FullDisk;

class SpoolTest {

    @TempDir
    Path dir;

    private static List<Reading> batch(int first, int size) {
        List<Reading> readings = new ArrayList<>();
        for (int i = first; i < first + size; i++) {
            readings.add(Reading.builder("electricity").tag("meter", "m1").field("energy_import_kwh", i + 0.5)
                    .field("tariff", 2L).field("text_message", "a \"quoted\", text").time(Instant.ofEpochSecond(1_700_000_000L + i)).build());
        }
        return readings;
    }

    private static void write(Spool spool, CamelContext camel, List<Reading> batch) throws Exception {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(batch);
        spool.append(exchange);
        spool.seal();
    }

    @SuppressWarnings("unchecked")
    private static List<Reading> read(Spool spool, CamelContext camel, Path file) throws Exception {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(Files.readString(file));
        return (List<Reading>) spool.read(exchange);
    }

    @Test
    void batchesComeBackInOrderAndIntact() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            Spool spool = new Spool();
            spool.setDirectory(dir.toString());
            for (int b = 0; b < 5; b++) {
                write(spool, camel, batch(b * 10, 10));
            }
            List<Path> files;
            try (var list = Files.list(dir)) {
                files = list.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
            }
            assertThat(files).hasSize(5);
            List<Reading> back = new ArrayList<>();
            for (Path f : files) {
                back.addAll(read(spool, camel, f));
            }
            assertThat(back).isEqualTo(batch(0, 50));
            assertThat(spool.depth()).isEqualTo(50);
        }
    }

    @Test
    void pastItsBoundTheOldestReadingsAreDroppedAndCounted() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            Spool spool = new Spool();
            spool.setDirectory(dir.toString());
            write(spool, camel, batch(0, 10));
            long oneBatch;
            try (var list = Files.list(dir)) {
                oneBatch = Files.size(list.findFirst().orElseThrow());
            }
            spool.setMaxBytes(oneBatch * 3 + oneBatch / 2);
            for (int b = 1; b < 6; b++) {
                write(spool, camel, batch(b * 10, 10));
            }
            // room for three batches: the oldest three of six were dropped, the newest three kept in order
            assertThat(spool.dropped()).isEqualTo(30);
            assertThat(spool.depth()).isEqualTo(30);
            List<Reading> kept = new ArrayList<>();
            try (var list = Files.list(dir)) {
                for (Path f : list.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                    kept.addAll(read(spool, camel, f));
                }
            }
            assertThat(kept).isEqualTo(batch(30, 30));
        }
    }

    /**
     * Readings are on disk when append returns, before their batch is sealed: a new spool on the same directory (the
     * gateway after a kill -9) delivers them. A batch is sealed at batchSize readings.
     */
    @Test
    void appendedReadingsSurviveACrashBeforeTheirBatchIsSealed() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            Spool spool = new Spool();
            spool.setDirectory(dir.toString());
            spool.setBatchSize(4);
            for (Reading reading : batch(0, 6)) {
                Exchange exchange = new DefaultExchange(camel);
                exchange.getMessage().setBody(List.of(reading));
                spool.append(exchange);
            }
            try (var list = Files.list(dir)) {
                assertThat(list.map(p -> p.getFileName().toString()).sorted().toList()).as("one batch of 4 sealed, 2 readings filling the next")
                        .satisfiesExactly(sealed -> assertThat(sealed).endsWith(".jsonl"), open -> assertThat(open).endsWith(".jsonl.part"));
            }

            Spool restarted = new Spool();
            restarted.setDirectory(dir.toString());
            assertThat(restarted.depth()).isEqualTo(6);
            List<Reading> back = new ArrayList<>();
            try (var list = Files.list(dir)) {
                for (Path f : list.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                    back.addAll(read(restarted, camel, f));
                }
            }
            assertThat(back).isEqualTo(batch(0, 6));
        }
    }

    /**
     * What a crash, a bad disk or a person can leave in the spool: a file that is not UTF-8, random bytes, an empty
     * file, a batch a crash left half written (.part, its last line torn). The gateway starts, the unreadable files
     * are moved to quarantine/ and counted, the whole lines of the torn batch are kept, the rest is delivered.
     */
    @Test
    void whatCannotBeReadIsQuarantinedAndTheRestDelivered() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            Spool before = new Spool();
            before.setDirectory(dir.toString());
            write(before, camel, batch(0, 10));
            Path good;
            try (var list = Files.list(dir)) {
                good = list.findFirst().orElseThrow();
            }
            byte[] whole = Files.readAllBytes(good);
            Files.write(dir.resolve("00000000000000000001.jsonl"), new byte[] { '{', (byte) 0xC3, (byte) 0x28, '}', '\n' });
            byte[] random = new byte[4096];
            new java.util.Random(3).nextBytes(random);
            Files.write(dir.resolve("00000000000000000002.jsonl"), random);
            Files.write(dir.resolve("00000000000000000003.jsonl"), new byte[0]);
            // a batch of 10 a crash cut in its 6th line
            int cut = 0;
            for (int lines = 0; lines < 5; cut++) {
                lines += whole[cut] == '\n' ? 1 : 0;
            }
            Files.write(dir.resolve("99999999999999999999.jsonl.part"), java.util.Arrays.copyOf(whole, cut + 40));

            Spool after = new Spool();
            after.setDirectory(dir.toString());
            assertThat(after.depth()).as("the good batch and the five whole lines of the torn one").isEqualTo(15);
            assertThat(after.quarantined()).isEqualTo(2);
            assertThat(CapturedLog.messages()).as("a person is told where to look")
                    .anyMatch(m -> m.contains("WARN") && m.contains("00000000000000000001.jsonl cannot be read") && m.contains("quarantine"));
            try (var list = Files.list(dir.resolve("quarantine"))) {
                assertThat(list.map(p -> p.getFileName().toString()).sorted().toList())
                        .containsExactly("00000000000000000001.jsonl", "00000000000000000002.jsonl");
            }
            List<Reading> back = new ArrayList<>();
            try (var list = Files.list(dir)) {
                for (Path f : list.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                    back.addAll(read(after, camel, f));
                }
            }
            List<Reading> expected = new ArrayList<>(batch(0, 10));
            expected.addAll(batch(0, 5));
            assertThat(back).isEqualTo(expected);
        }
    }

    /** A line damaged inside an otherwise good file: that reading is dropped and counted, the others delivered. */
    @Test
    void aDamagedLineIsDroppedAndCountedNotRetriedForever() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            Spool spool = new Spool();
            spool.setDirectory(dir.toString());
            write(spool, camel, batch(0, 3));
            Path file;
            try (var list = Files.list(dir)) {
                file = list.findFirst().orElseThrow();
            }
            List<String> lines = new ArrayList<>(Files.readAllLines(file));
            lines.set(1, lines.get(1).substring(0, 20));
            Exchange exchange = new DefaultExchange(camel);
            exchange.getMessage().setBody(String.join("\n", lines));
            assertThat(spool.read(exchange)).isEqualTo(List.of(batch(0, 1).get(0), batch(2, 1).get(0)));
            assertThat(spool.dropped()).isEqualTo(1);
        }
    }

    /**
     * A real full filesystem under the spool: the batch that cannot be written is counted as dropped (never as
     * spooled), no half-written file stays, the sink's health check is DOWN with the reason, and once space is
     * back the next batch is spooled without a restart.
     */
    @Test
    void onAFullDiskWritesAreDroppedAndCountedAndResumeWhenSpaceReturns() throws Exception {
        try (FullDisk disk = FullDisk.mount(dir.resolve("small"), 64); CamelContext camel = new DefaultCamelContext()) {
            Spool spool = new Spool();
            spool.setName("InfluxDB");
            spool.setDirectory(dir.resolve("small/spool").toString());
            SpoolHealthCheck health = new SpoolHealthCheck("sink-influxdb");
            health.setCamelContext(camel);
            health.setSpool(spool);
            write(spool, camel, batch(0, 10));
            Path filler = disk.fill();

            write(spool, camel, batch(10, 10));
            assertThat(spool.spooled()).isEqualTo(10);
            assertThat(spool.dropped()).isEqualTo(10);
            assertThat(spool.writeFailure()).contains("No space left on device");
            assertThat(CapturedLog.messages()).anyMatch(m -> m.contains("WARN") && m.contains("Spool of InfluxDB cannot write")
                    && m.contains("No space left on device") && m.contains("10 readings dropped"));
            try (var list = Files.list(dir.resolve("small/spool"))) {
                assertThat(list.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part")).hasSize(1);
            }
            var down = health.call();
            assertThat(down.getState()).isEqualTo(org.apache.camel.health.HealthCheck.State.DOWN);
            assertThat(down.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("cannot spool"));

            Files.delete(filler);
            write(spool, camel, batch(20, 10));
            assertThat(spool.spooled()).isEqualTo(20);
            assertThat(spool.writeFailure()).isNull();
            assertThat(health.call().getState()).isEqualTo(org.apache.camel.health.HealthCheck.State.UP);
            assertThat(spool.depth()).isEqualTo(20);
        }
    }
}
