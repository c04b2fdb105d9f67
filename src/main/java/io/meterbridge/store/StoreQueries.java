package io.meterbridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import javax.sql.DataSource;

/**
 * Reads the store: which meters and fields it has, a series' points in a time range (raw rows and rollups, which
 * never overlap: the maintenance removes raw rows in the transaction that rolls them up), the point before a range,
 * and each field's latest value. Parameterised SQL only.
 */
public class StoreQueries {

    /** A field of a meter as the store holds it. */
    public record FieldInfo(String field, String measurement, String source, long rows, Instant first, Instant last) {
    }

    /** One raw row, for step raw. */
    public record Row(Instant time, Double value, String text, String kind, boolean deleted) {
    }

    private DataSource dataSource;

    public Map<String, List<FieldInfo>> meters() throws SQLException {
        Map<String, List<FieldInfo>> meters = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT meter, field, measurement, max(source), sum(n), min(t0), max(t1) FROM ("
                        + " SELECT meter, field, measurement, source, count(*) AS n, min(time) AS t0, max(time) AS t1 FROM sample WHERE deleted = 0 GROUP BY meter, field, measurement"
                        + " UNION ALL SELECT meter, field, measurement, NULL, sum(count), min(bucket), max(bucket) FROM rollup GROUP BY meter, field, measurement)"
                        + " GROUP BY meter, field, measurement ORDER BY meter, measurement, field");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                meters.computeIfAbsent(rs.getString(1), m -> new ArrayList<>()).add(new FieldInfo(rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getLong(5), Instant.ofEpochMilli(rs.getLong(6)), Instant.ofEpochMilli(rs.getLong(7))));
            }
        }
        return meters;
    }

    /** The numeric points of a series in [from, to), oldest first, each handed to {@code each} as it is read. */
    void points(String meter, String field, long from, long to, Consumer<Point> each) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT " + Point.RAW + " FROM sample"
                        + " WHERE meter = ? AND field = ? AND time >= ? AND time < ? AND deleted = 0 AND value IS NOT NULL"
                        + " UNION ALL SELECT " + Point.ROLLUP + " FROM rollup"
                        + " WHERE meter = ? AND field = ? AND bucket >= ? AND bucket < ? ORDER BY 1")) {
            bind(s, meter, field, from, to, 1);
            bind(s, meter, field, from, to, 5);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    each.accept(Point.read(rs));
                }
            }
        }
    }

    /** The last point of a series before {@code time}, or null. */
    Point before(String meter, String field, long time) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT " + Point.RAW + " FROM sample"
                        + " WHERE meter = ? AND field = ? AND time < ? AND deleted = 0 AND value IS NOT NULL"
                        + " UNION ALL SELECT " + Point.ROLLUP + " FROM rollup"
                        + " WHERE meter = ? AND field = ? AND bucket < ? ORDER BY 1 DESC LIMIT 1")) {
            bind(s, meter, field, time, 1);
            bind(s, meter, field, time, 4);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Point.read(rs) : null;
            }
        }
    }

    /** Raw rows of a series in [from, to), text fields and (on request) deleted rows included. */
    List<Row> rows(String meter, String field, long from, long to, int limit, boolean withDeleted) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT time, value, text, kind, deleted FROM sample"
                        + " WHERE meter = ? AND field = ? AND time >= ? AND time < ? AND (deleted = 0 OR ?) ORDER BY time LIMIT ?")) {
            bind(s, meter, field, from, to, 1);
            s.setBoolean(5, withDeleted);
            s.setInt(6, limit + 1);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    double v = rs.getDouble(2);
                    rows.add(new Row(Instant.ofEpochMilli(rs.getLong(1)), rs.wasNull() ? null : v, rs.getString(3), rs.getString(4), rs.getBoolean(5)));
                }
            }
        }
        return rows;
    }

    /** Each field's latest raw value of a meter: what the dashboard shows as "now". */
    public Map<String, Row> latest(String meter) throws SQLException {
        Map<String, Row> latest = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
                // SQLite returns the other columns of the row that has max(time)
                PreparedStatement s = c.prepareStatement("SELECT field, max(time), value, text, kind FROM sample WHERE meter = ? AND deleted = 0"
                        + " GROUP BY field ORDER BY field")) {
            s.setString(1, meter);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    double v = rs.getDouble(3);
                    latest.put(rs.getString(1), new Row(Instant.ofEpochMilli(rs.getLong(2)), rs.wasNull() ? null : v, rs.getString(4), rs.getString(5), false));
                }
            }
        }
        return latest;
    }

    /** Binds meter, field and a time from parameter {@code at} on. */
    static void bind(PreparedStatement s, String meter, String field, long time, int at) throws SQLException {
        s.setString(at, meter);
        s.setString(at + 1, field);
        s.setLong(at + 2, time);
    }

    /** Binds meter, field, from and to from parameter {@code at} on. */
    private static void bind(PreparedStatement s, String meter, String field, long from, long to, int at) throws SQLException {
        bind(s, meter, field, from, at);
        s.setLong(at + 3, to);
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }
}
