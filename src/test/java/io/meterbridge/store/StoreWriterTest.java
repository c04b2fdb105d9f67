package io.meterbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.reading.Reading;
import io.meterbridge.testing.FullDisk;

/**
 * The store sink's writer keeps its connection between messages, but no lock: a message is stored whole or not at all, a value
 * already there is left alone, and after a failure (here a real full disk, a small tmpfs) the next message is
 * written once there is room again, on a new connection.
 */
class StoreWriterTest {

    @TempDir
    Path dir;

    private static List<Reading> telegram(int second) {
        Instant time = Instant.parse("2025-01-01T00:00:00Z").plusSeconds(second);
        Reading.Builder e = Reading.builder("electricity").tag("meter", "E1").tag("source", "dsmr").time(time);
        for (int i = 0; i < 40; i++) {
            e.field("field_" + i, 230.0 + i);
        }
        return List.of(e.build(), Reading.builder("gas").tag("meter", "G1").field("volume_m3", 2246.167).time(time).build());
    }

    private static long count(Path db, String where) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); ResultSet rs = c.createStatement().executeQuery(
                "SELECT count(*) FROM sample WHERE " + where)) {
            return rs.getLong(1);
        }
    }

    private static StoreWriter writer(Path file) throws Exception {
        StoreDataSource db = new StoreDataSource();
        db.setFile(file.toString());
        StoreWriter writer = new StoreWriter();
        writer.setDataSource(db);
        writer.setZone("UTC");
        writer.start();
        return writer;
    }

    @Test
    void writesEachFieldOnceAndLeavesWhatIsThere() throws Exception {
        Path file = dir.resolve("meterbridge.db");
        StoreWriter writer = writer(file);
        assertThat(writer.write(telegram(0))).isEqualTo(41);
        assertThat(writer.write(telegram(0))).as("offered again").isEqualTo(41);
        assertThat(writer.write(telegram(0).get(1))).as("one reading as the body").isEqualTo(1);
        assertThat(writer.write(List.of())).isZero();
        // between messages the writer holds no lock: retention and adjustments write at once, without waiting
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file); var s = other.createStatement()) {
            s.execute("PRAGMA busy_timeout = 0");
            s.execute("BEGIN IMMEDIATE");
            s.execute("DELETE FROM sample WHERE meter = 'nobody'");
            s.execute("COMMIT");
        }
        writer.stop();
        assertThat(count(file, "1 = 1")).isEqualTo(41);
        assertThat(count(file, "meter = 'G1' AND value = 2246.167 AND kind = 'read'")).isEqualTo(1);
    }

    @Test
    void aFullDiskFailsTheMessageWholeAndTheNextOneIsWrittenWhenThereIsRoom() throws Exception {
        Path disk = dir.resolve("disk");
        try (FullDisk full = FullDisk.mount(disk, 1024)) {
            Path file = disk.resolve("meterbridge.db");
            StoreWriter writer = writer(file);
            assertThat(writer.write(telegram(0))).isEqualTo(41);
            Path filler = full.fill();
            int second = 1;
            SQLException failure = null;
            for (; second < 1000 && failure == null; second++) {
                try {
                    writer.write(telegram(second));
                } catch (SQLException e) {
                    failure = e;
                }
            }
            assertThat((Object) failure).as("a full disk is an error, not silence").isNotNull();
            int failed = second - 1;
            assertThat(count(file, "time = " + Instant.parse("2025-01-01T00:00:00Z").plusSeconds(failed).toEpochMilli()))
                    .as("nothing of the failed message").isZero();
            Files.delete(filler);
            assertThat(writer.write(telegram(failed))).isEqualTo(41);
            writer.stop();
            assertThat(count(file, "time = " + Instant.parse("2025-01-01T00:00:00Z").plusSeconds(failed).toEpochMilli())).isEqualTo(41);
            assertThat(count(file, "1 = 1")).isEqualTo(41L * failed + 41);
        }
    }
}
