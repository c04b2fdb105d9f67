package io.meterbridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/**
 * Changes people make to stored readings, as meterman allows them, and the audit trail that makes each one
 * reversible: correct a value, delete readings (marked deleted, never removed), add a manual reading. Each change
 * records who made it, when and why, and every row it touched as it was before; a revert puts those rows back and is
 * recorded in turn. A change can be reverted only while no later change touches the same rows (revert those first),
 * and only once. One transaction per change.
 */
public class Adjustments {

    /** An audit entry. {@code reverts}: the change this one undid; {@code revertedBy}: the change that undid this one. */
    public record Adjustment(long id, Instant at, String who, String why, String action, String meter, String measurement,
            String field, Instant from, Instant to, Double value, int rows, Long reverts, Long revertedBy) {
    }

    private DataSource dataSource;
    private Clock clock = Clock.systemUTC();

    public Adjustment correct(Series series, long time, double value, String who, String why) throws SQLException {
        return inTransaction(c -> {
            Before row = before(c, series, time);
            if (row == null || row.deleted) {
                throw new StoreRefusal(StoreRefusal.Kind.NOT_FOUND, "no " + series.field() + " of meter " + series.meter() + " (" + series.measurement() + ") at "
                        + Instant.ofEpochMilli(time) + " to correct");
            }
            if (row.value == null) {
                throw new StoreRefusal(StoreRefusal.Kind.CONFLICT, series.field() + " is a text field; only numbers can be corrected");
            }
            long id = audit(c, who, why, "correct", series.meter(), series.measurement(), series.field(), time, time, value, 1, null);
            keep(c, id, series, time, row);
            update(c, series, time, value, "read".equals(row.kind) ? "corrected" : row.kind, false);
            return id;
        });
    }

    /** Marks a meter's readings in [from, to] deleted: of one measurement and field, or (null) of all. */
    public Adjustment delete(String meter, String measurement, String field, long from, long to, String who, String why) throws SQLException {
        return inTransaction(c -> {
            List<Object[]> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT measurement, field, time, value, kind FROM sample WHERE meter = ?"
                    + " AND (? IS NULL OR measurement = ?) AND (? IS NULL OR field = ?) AND time >= ? AND time <= ? AND deleted = 0")) {
                s.setString(1, meter);
                s.setString(2, measurement);
                s.setString(3, measurement);
                s.setString(4, field);
                s.setString(5, field);
                s.setLong(6, from);
                s.setLong(7, to);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Double value = StoreQueries.number(rs, 4);
                        rows.add(new Object[] { new Series(meter, rs.getString(1), rs.getString(2)), rs.getLong(3),
                                new Before(value, rs.getString(5), false) });
                    }
                }
            }
            if (rows.isEmpty()) {
                throw new StoreRefusal(StoreRefusal.Kind.NOT_FOUND, "no readings of meter " + meter + (measurement == null ? "" : " " + measurement)
                        + (field == null ? "" : " field " + field) + " between " + Instant.ofEpochMilli(from) + " and "
                        + Instant.ofEpochMilli(to) + " to delete");
            }
            long id = audit(c, who, why, "delete", meter, measurement, field, from, to, null, rows.size(), null);
            for (Object[] r : rows) {
                keep(c, id, (Series) r[0], (Long) r[1], (Before) r[2]);
                markDeleted(c, (Series) r[0], (Long) r[1]);
            }
            return id;
        });
    }

    public Adjustment add(Series series, long time, double value, String who, String why) throws SQLException {
        return inTransaction(c -> {
            Before row = before(c, series, time);
            if (row != null && !row.deleted) {
                throw new StoreRefusal(StoreRefusal.Kind.CONFLICT, "meter " + series.meter() + " already has " + series.field() + " (" + series.measurement() + ") at "
                        + Instant.ofEpochMilli(time) + ": correct it instead");
            }
            long id = audit(c, who, why, "add", series.meter(), series.measurement(), series.field(), time, time, value, 1, null);
            keep(c, id, series, time, row);
            if (row == null) {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO sample (meter, measurement, field, time, source, value, kind)"
                        + " VALUES (?, ?, ?, ?, 'manual', ?, 'manual')")) {
                    s.setLong(series.bind(s, 1), time);
                    s.setDouble(5, value);
                    s.executeUpdate();
                }
            } else {
                update(c, series, time, value, "manual", false);
            }
            return id;
        });
    }

    public Adjustment revert(long id, String who, String why) throws SQLException {
        return inTransaction(c -> {
            Adjustment original = find(c, id);
            if (original == null) {
                throw new StoreRefusal(StoreRefusal.Kind.NOT_FOUND, "no adjustment " + id);
            }
            if (original.revertedBy() != null) {
                throw new StoreRefusal(StoreRefusal.Kind.CONFLICT, "adjustment " + id + " was already reverted by " + original.revertedBy());
            }
            if (original.reverts() != null) {
                throw new StoreRefusal(StoreRefusal.Kind.CONFLICT, "adjustment " + id + " is a revert; make the change again instead");
            }
            try (PreparedStatement s = c.prepareStatement("SELECT max(a.id) FROM adjustment a JOIN adjustment_row r ON r.adjustment = a.id"
                    + " JOIN adjustment_row mine ON mine.adjustment = ? AND mine.meter = r.meter AND mine.measurement = r.measurement"
                    + " AND mine.field = r.field AND mine.time = r.time WHERE a.id > ? AND a.reverted_by IS NULL AND a.reverts IS NULL")) {
                s.setLong(1, id);
                s.setLong(2, id);
                try (ResultSet rs = s.executeQuery()) {
                    long later = rs.getLong(1);
                    if (!rs.wasNull()) {
                        throw new StoreRefusal(StoreRefusal.Kind.CONFLICT, "adjustment " + later + " changed the same readings later; revert it first");
                    }
                }
            }
            List<Object[]> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT measurement, field, time, existed, value, kind, deleted FROM adjustment_row"
                    + " WHERE adjustment = ?")) {
                s.setLong(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Double value = StoreQueries.number(rs, 5);
                        rows.add(new Object[] { new Series(original.meter(), rs.getString(1), rs.getString(2)), rs.getLong(3),
                                rs.getBoolean(4) ? new Before(value, rs.getString(6), rs.getBoolean(7)) : null });
                    }
                }
            }
            long revert = audit(c, who, why, "revert", original.meter(), original.measurement(), original.field(),
                    original.from().toEpochMilli(), original.to().toEpochMilli(), null, rows.size(), id);
            for (Object[] r : rows) {
                Series series = (Series) r[0];
                long time = (Long) r[1];
                keep(c, revert, series, time, before(c, series, time));
                Before was = (Before) r[2];
                if (was == null) {
                    // the change added this row: it is marked deleted again, never removed
                    markDeleted(c, series, time);
                } else {
                    update(c, series, time, was.value, was.kind, was.deleted);
                }
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE adjustment SET reverted_by = ? WHERE id = ?")) {
                s.setLong(1, revert);
                s.setLong(2, id);
                s.executeUpdate();
            }
            return revert;
        });
    }

    /** The audit trail, newest first; of one meter, or of all (meter null). */
    public List<Adjustment> list(String meter, int limit) throws SQLException {
        List<Adjustment> all = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(SELECT + " WHERE (? IS NULL OR meter = ?) ORDER BY id DESC LIMIT ?")) {
            s.setString(1, meter);
            s.setString(2, meter);
            s.setInt(3, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    all.add(adjustment(rs));
                }
            }
        }
        return all;
    }

    private static final String SELECT = "SELECT id, at, who, why, action, meter, measurement, field, time_from, time_to, value, rows,"
            + " reverts, reverted_by FROM adjustment";

    private static Adjustment find(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? adjustment(rs) : null;
            }
        }
    }

    private static Adjustment adjustment(ResultSet rs) throws SQLException {
        Double v = StoreQueries.number(rs, 11);
        long reverts = rs.getLong(13);
        Long r = rs.wasNull() ? null : reverts;
        long revertedBy = rs.getLong(14);
        Long rb = rs.wasNull() ? null : revertedBy;
        return new Adjustment(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), Instant.ofEpochMilli(rs.getLong(9)), Instant.ofEpochMilli(rs.getLong(10)),
                v, rs.getInt(12), r, rb);
    }

    private record Before(Double value, String kind, boolean deleted) {
    }

    private static Before before(Connection c, Series series, long time) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT value, kind, deleted FROM sample WHERE " + Series.WHERE + " AND time = ?")) {
            s.setLong(series.bind(s, 1), time);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new Before(StoreQueries.number(rs, 1), rs.getString(2), rs.getBoolean(3));
            }
        }
    }

    private static void markDeleted(Connection c, Series series, long time) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE sample SET deleted = 1 WHERE " + Series.WHERE + " AND time = ?")) {
            s.setLong(series.bind(s, 1), time);
            s.executeUpdate();
        }
    }

    private static void update(Connection c, Series series, long time, Double value, String kind, boolean deleted) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE sample SET value = ?, kind = ?, deleted = ? WHERE " + Series.WHERE + " AND time = ?")) {
            s.setObject(1, value);
            s.setString(2, kind);
            s.setBoolean(3, deleted);
            s.setLong(series.bind(s, 4), time);
            s.executeUpdate();
        }
    }

    private static void keep(Connection c, long adjustment, Series series, long time, Before row) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO adjustment_row (adjustment, meter, measurement, field, time, existed, value,"
                + " kind, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setLong(1, adjustment);
            s.setLong(series.bind(s, 2), time);
            s.setBoolean(6, row != null);
            s.setObject(7, row == null ? null : row.value);
            s.setString(8, row == null ? null : row.kind);
            s.setObject(9, row == null ? null : row.deleted ? 1 : 0);
            s.executeUpdate();
        }
    }

    private long audit(Connection c, String who, String why, String action, String meter, String measurement, String field, long from,
            long to, Double value, int rows, Long reverts) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO adjustment (at, who, why, action, meter, measurement, field, time_from,"
                + " time_to, value, rows, reverts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", PreparedStatement.RETURN_GENERATED_KEYS)) {
            s.setLong(1, clock.millis());
            s.setString(2, who);
            s.setString(3, why);
            s.setString(4, action);
            s.setString(5, meter);
            s.setString(6, measurement);
            s.setString(7, field);
            s.setLong(8, from);
            s.setLong(9, to);
            s.setObject(10, value);
            s.setInt(11, rows);
            s.setObject(12, reverts);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private interface Change {
        long apply(Connection c) throws SQLException;
    }

    private Adjustment inTransaction(Change change) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long id = change.apply(c);
                Adjustment done = find(c, id);
                c.commit();
                return done;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void setClock(Clock clock) {
        this.clock = clock;
    }
}
