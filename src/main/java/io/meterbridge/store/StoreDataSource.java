package io.meterbridge.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded store's SQLite database: one file, in WAL mode (readers never wait for the writer, and a crash loses
 * nothing committed), created with its directory on first use and migrated to the schema this version needs. The
 * migrations are the numbered scripts in {@code store/} on the classpath; the database's {@code user_version} says
 * which it has, so each runs once, in order, in one transaction. A database newer than this program is refused
 * rather than written in a form it does not know.
 */
public class StoreDataSource extends SQLiteDataSource {

    private static final Logger LOG = LoggerFactory.getLogger(StoreDataSource.class);
    /** The migrations, in order; the list's length is the schema version. */
    static final String[] MIGRATIONS = { "V1__readings.sql", "V2__measurement_in_key.sql" };

    private Path file;
    private volatile boolean migrated;

    public StoreDataSource() {
        super(config());
    }

    private static SQLiteConfig config() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // with WAL, NORMAL loses no committed transaction on a process crash, only possibly the last on power loss
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(true);
        // a transaction takes the write lock when it begins: two writers wait in turn instead of failing mid-way
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        return config;
    }

    /** The database file, e.g. {@code data/meterbridge.db}. */
    public void setFile(String file) {
        this.file = Path.of(file);
        setUrl("jdbc:sqlite:" + this.file);
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (!migrated) {
            migrate();
        }
        return super.getConnection();
    }

    private synchronized void migrate() throws SQLException {
        if (migrated) {
            return;
        }
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
        } catch (IOException e) {
            throw new SQLException("Cannot create the directory of the store " + file + ": " + e.getMessage(), e);
        }
        try (Connection c = super.getConnection(); Statement s = c.createStatement()) {
            int version;
            try (var rs = s.executeQuery("PRAGMA user_version")) {
                version = rs.getInt(1);
            }
            if (version > MIGRATIONS.length) {
                throw new SQLException("The store " + file + " has schema version " + version + ", newer than this meterbridge knows ("
                        + MIGRATIONS.length + "): use a newer meterbridge or another store.file");
            }
            for (int v = version; v < MIGRATIONS.length; v++) {
                c.setAutoCommit(false);
                for (String statement : script(MIGRATIONS[v]).split(";\\s*\\n")) {
                    if (!statement.isBlank()) {
                        s.execute(statement);
                    }
                }
                s.execute("PRAGMA user_version = " + (v + 1));
                c.commit();
                c.setAutoCommit(true);
                LOG.info("Store {}: schema migrated to version {} ({})", file, v + 1, MIGRATIONS[v]);
            }
        }
        migrated = true;
    }

    private static String script(String name) {
        try (InputStream in = StoreDataSource.class.getResourceAsStream("/store/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
