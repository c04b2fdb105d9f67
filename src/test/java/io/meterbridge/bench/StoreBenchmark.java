package io.meterbridge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.meterbridge.reading.Reading;
import io.meterbridge.store.StoreBench;
import io.meterbridge.store.StoreDataSource;
import io.meterbridge.store.StoreWriter;

/**
 * The embedded store on this machine's disk: one DSMR telegram's readings (electricity with 40 fields and gas)
 * through the store sink's writer (one transaction per telegram), and the
 * API's two heavy reads over a day of one-second data (86,400 values): energy per hour from the cumulative total,
 * and one-minute aggregates of power. Results in docs/BENCHMARKS.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StoreBenchmark {

    private Path dir;
    private StoreWriter writer;
    private StoreBench reads;
    private Connection plain;
    private long time = Instant.parse("2030-01-01T00:00:00Z").toEpochMilli();

    @Setup
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("store-bench");
        StoreDataSource db = new StoreDataSource();
        db.setFile(dir.resolve("bench.db").toString());
        // a day of one-second values for the reads
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO sample (meter, field, time, measurement, value) VALUES ('day', ?, ?, 'electricity', ?)")) {
                long start = Instant.parse("2024-10-27T00:00:00Z").toEpochMilli();
                for (int i = 0; i < 86_400; i++) {
                    s.setString(1, "energy_import_kwh");
                    s.setLong(2, start + i * 1000L);
                    s.setDouble(3, 1000 + i * 0.0003);
                    s.addBatch();
                    s.setString(1, "power_import_w");
                    s.setDouble(3, 500 + (i % 600));
                    s.addBatch();
                }
                s.executeBatch();
            }
            c.commit();
        }
        reads = new StoreBench(db, ZoneId.of("Europe/Amsterdam"));
        plain = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("bench.db"));
        writer = new StoreWriter();
        writer.setDataSource(db);
        writer.setZone("Europe/Amsterdam");
    }

    @TearDown
    public void tearDown() throws Exception {
        plain.close();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @Benchmark
    public void insertTelegram() throws java.sql.SQLException {
        time += 1000;
        Reading.Builder e = Reading.builder("electricity").tag("meter", "E0044007382246019").tag("source", "dsmr").time(Instant.ofEpochMilli(time));
        for (int i = 0; i < 40; i++) {
            e.field("field_" + i, 230.0 + i);
        }
        Reading g = Reading.builder("gas").tag("meter", "G0000000000000001").tag("source", "dsmr").field("volume_m3", 2246.167).time(Instant.ofEpochMilli(time)).build();
        List<Reading> telegram = new ArrayList<>(List.of(e.build(), g));
        writer.write(telegram);
    }

    @Benchmark
    public double energyPerHourOverADay() throws Exception {
        return reads.energy("day", "energy_import_kwh", "2024-10-27T00:00:00Z", "2024-10-28T00:00:00Z");
    }

    @Benchmark
    public int minuteAggregatesOverADay() throws Exception {
        return reads.minutes("day", "power_import_w", "2024-10-27T00:00:00Z", "2024-10-28T00:00:00Z");
    }

    // The ceiling for the two reads, in the same run: plain SQL on the same SQLite file, aggregating inside SQLite
    // (what a hand-written query would do; it knows nothing of resets, rebases, deletions or time zones).

    @Benchmark
    public double energyPerHourOverADayPlainSql() throws Exception {
        return plain(PLAIN_ENERGY, "energy_import_kwh");
    }

    @Benchmark
    public double minuteAggregatesOverADayPlainSql() throws Exception {
        return plain(PLAIN_MINUTES, "power_import_w");
    }

    private static final String PLAIN_ENERGY = "SELECT time / 3600000, max(value) - min(value) FROM sample WHERE meter = 'day' AND field = ? "
            + "AND time >= ? AND time < ? GROUP BY time / 3600000";
    private static final String PLAIN_MINUTES = "SELECT time / 60000, count(value), sum(value), min(value), max(value) FROM sample "
            + "WHERE meter = 'day' AND field = ? AND time >= ? AND time < ? GROUP BY time / 60000";

    private double plain(String sql, String field) throws Exception {
        double total = 0;
        try (PreparedStatement s = plain.prepareStatement(sql)) {
            s.setString(1, field);
            s.setLong(2, Instant.parse("2024-10-27T00:00:00Z").toEpochMilli());
            s.setLong(3, Instant.parse("2024-10-28T00:00:00Z").toEpochMilli());
            try (var rows = s.executeQuery()) {
                while (rows.next()) {
                    total += rows.getDouble(2);
                }
            }
        }
        return total;
    }
}
