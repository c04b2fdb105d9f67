package io.meterbridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneId;
import java.util.List;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.service.ServiceSupport;

import io.meterbridge.reading.Fields;
import io.meterbridge.reading.Reading;

/**
 * The store sink's write: a message's readings (a Reading or a List of them, as the hub sends) into the store, one
 * row per field, in one transaction; the body becomes the number of rows offered. A reading marked {@code rebase}
 * has its totals stored as rebase rows, so energy is never summed across the restart, and the marker itself is not
 * stored as a value. A row already there (the same meter, measurement, field and time: a spool replayed, a feed
 * fetched again) is left as it is, and so is a value whose 5-minute or daily rollup retention already made.
 *
 * <p>Plain JDBC rather than camel-sql: this one statement was all the gateway used it for, and it brought Spring's
 * JDBC template (4 MB of libraries). The writer keeps its connection and statement between messages (opening a
 * SQLite connection cost three quarters of a telegram's write, docs/BENCHMARKS.md), one message at a time as SQLite
 * writes anyway, and opens them again after a failure (a full disk: `StoreWriterTest`).
 */
public class StoreWriter extends ServiceSupport implements Processor {

    static final String INSERT = "INSERT OR IGNORE INTO sample (meter, field, time, measurement, source, value, text, kind)"
            + " SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM rollup WHERE meter = ? AND measurement = ? AND field = ?"
            + " AND ((resolution = 300 AND bucket = ?) OR (resolution = 86400 AND bucket = ?)))";

    private DataSource dataSource;
    private ZoneId zone = ZoneId.systemDefault();
    private Connection connection;
    private PreparedStatement insert;

    @Override
    public void process(Exchange exchange) throws SQLException {
        exchange.getMessage().setBody(write(exchange.getMessage().getBody()));
    }

    /** Writes the body's readings; returns the rows offered (those already stored are ignored by the insert). */
    public synchronized int write(Object body) throws SQLException {
        List<?> readings = body instanceof List<?> list ? list : body == null ? List.of() : List.of(body);
        if (connection == null) {
            connection = dataSource.getConnection();
            insert = connection.prepareStatement(INSERT);
        }
        try {
            int rows = 0;
            for (Object o : readings) {
                if (o instanceof Reading r) {
                    rows += add(r);
                }
            }
            if (rows > 0) {
                // a transaction only while writing: the store's transactions take the write lock as they begin, and
                // one left open between messages would keep retention and adjustments waiting
                connection.setAutoCommit(false);
                insert.executeBatch();
                connection.commit();
                connection.setAutoCommit(true);
            }
            return rows;
        } catch (SQLException | RuntimeException e) {
            closeConnection();
            throw e;
        }
    }

    /** Adds a row per field of the reading to the insert's batch; returns how many. */
    private int add(Reading r) throws SQLException {
        String meter = r.tag(Fields.TAG_METER) != null ? r.tag(Fields.TAG_METER) : "(none)";
        String kind = r.field(Fields.REBASE) != null ? "rebase" : "read";
        long time = r.time().toEpochMilli();
        long fiveMinutes = Step.FIVE_MINUTES.bucket(time, zone);
        long day = Step.DAY.bucket(time, zone);
        int rows = 0;
        for (var f : r.fields().entrySet()) {
            if (f.getKey().equals(Fields.REBASE)) {
                continue;
            }
            insert.setString(1, meter);
            insert.setString(2, f.getKey());
            insert.setLong(3, time);
            insert.setString(4, r.measurement());
            insert.setString(5, r.tag(Fields.TAG_SOURCE));
            if (f.getValue() instanceof Number n) {
                insert.setDouble(6, n.doubleValue());
                insert.setNull(7, Types.VARCHAR);
            } else {
                insert.setNull(6, Types.DOUBLE);
                insert.setString(7, String.valueOf(f.getValue()));
            }
            insert.setString(8, kind);
            insert.setString(9, meter);
            insert.setString(10, r.measurement());
            insert.setString(11, f.getKey());
            insert.setLong(12, fiveMinutes);
            insert.setLong(13, day);
            insert.addBatch();
            rows++;
        }
        return rows;
    }

    @Override
    protected synchronized void doStop() {
        closeConnection();
    }

    /** Closes the connection (a transaction it had open is rolled back); the next message opens a new one. */
    private void closeConnection() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            // closing after a failure: the failure is what the caller hears of
        } finally {
            connection = null;
            insert = null;
        }
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The zone of the daily rollups (store.zone); "system" is the machine's. */
    public void setZone(String zone) {
        this.zone = StoreZone.of(zone);
    }
}
