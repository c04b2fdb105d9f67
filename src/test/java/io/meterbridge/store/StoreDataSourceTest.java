package io.meterbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's file: created with its directory, in WAL mode, migrated once, and never written by an older program. */
class StoreDataSourceTest {

    @TempDir
    Path dir;

    private static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.getString(1);
        }
    }

    @Test
    void createsMigratesOnceAndUsesWal() throws Exception {
        StoreDataSource db = new StoreDataSource();
        db.setFile(dir.resolve("deep/er/meterbridge.db").toString());
        try (Connection c = db.getConnection()) {
            assertThat(one(c, "PRAGMA user_version")).isEqualTo(String.valueOf(StoreDataSource.MIGRATIONS.length));
            assertThat(one(c, "PRAGMA journal_mode")).isEqualTo("wal");
            assertThat(one(c, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('sample', 'rollup', 'adjustment', 'adjustment_row')")).isEqualTo("4");
            c.createStatement().execute("INSERT INTO sample (meter, field, time, measurement, value) VALUES ('m', 'f', 1, 'electricity', 2.5)");
        }
        // a restart opens the same file: nothing migrated again, nothing lost
        StoreDataSource again = new StoreDataSource();
        again.setFile(dir.resolve("deep/er/meterbridge.db").toString());
        try (Connection c = again.getConnection()) {
            assertThat(one(c, "SELECT value FROM sample")).isEqualTo("2.5");
        }
    }

    @Test
    void aStoreFromANewerVersionIsRefused() throws Exception {
        StoreDataSource db = new StoreDataSource();
        db.setFile(dir.resolve("new.db").toString());
        try (Connection c = db.getConnection()) {
            c.createStatement().execute("PRAGMA user_version = 99");
        }
        StoreDataSource older = new StoreDataSource();
        older.setFile(dir.resolve("new.db").toString());
        assertThatThrownBy(older::getConnection).isInstanceOf(SQLException.class)
                .hasMessageContaining("has schema version 99, newer than this meterbridge knows");
    }

    @Test
    void aStoreThatCannotBeCreatedSaysWhere() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        StoreDataSource db = new StoreDataSource();
        db.setFile(file.resolve("meterbridge.db").toString());
        assertThatThrownBy(db::getConnection).isInstanceOf(SQLException.class).hasMessageContaining("Cannot create the directory of the store");
        StoreDataSource garbage = new StoreDataSource();
        garbage.setFile(Files.write(dir.resolve("garbage.db"), new byte[4096]).toString());
        Files.write(dir.resolve("garbage.db"), "this is not a database, just text padding it out. ".repeat(100).getBytes());
        assertThatThrownBy(garbage::getConnection).isInstanceOf(SQLException.class).hasMessageContaining("not a database");
    }
}
