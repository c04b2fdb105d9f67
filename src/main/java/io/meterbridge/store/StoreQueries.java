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

import io.meterbridge.reading.Fields;

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
        return byMeter(null);
    }

    /** One meter's fields (its entry of {@link #meters()}), without reading every other meter's. */
    public List<FieldInfo> fields(String meter) throws SQLException {
        return byMeter(meter).getOrDefault(meter, List.of());
    }

    /** The fields of every meter, or only of {@code meter} when it is not null. */
    private Map<String, List<FieldInfo>> byMeter(String meter) throws SQLException {
        String only = meter == null ? "" : " AND meter = ?";
        Map<String, List<FieldInfo>> meters = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT meter, field, measurement, max(source), sum(n), min(t0), max(t1) FROM ("
                        + " SELECT meter, field, measurement, source, count(*) AS n, min(time) AS t0, max(time) AS t1 FROM sample WHERE deleted = 0"
                        + only + " GROUP BY meter, field, measurement"
                        + " UNION ALL SELECT meter, field, measurement, NULL, sum(count), min(bucket), max(bucket) FROM rollup WHERE 1 = 1" + only
                        + " GROUP BY meter, field, measurement)"
                        + " GROUP BY meter, field, measurement ORDER BY meter, measurement, field")) {
            if (meter != null) {
                s.setString(1, meter);
                s.setString(2, meter);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    meters.computeIfAbsent(rs.getString(1), m -> new ArrayList<>()).add(new FieldInfo(rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getLong(5), Instant.ofEpochMilli(rs.getLong(6)), Instant.ofEpochMilli(rs.getLong(7))));
                }
            }
        }
        return meters;
    }

    /** The numeric points of a series in [from, to), oldest first, each handed to {@code each} as it is read. */
    public void points(Series series, long from, long to, Consumer<Point> each) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT " + Point.RAW + " FROM sample"
                        + " WHERE " + Series.WHERE + " AND time >= ? AND time < ? AND deleted = 0 AND value IS NOT NULL"
                        + " UNION ALL SELECT " + Point.ROLLUP + " FROM rollup"
                        + " WHERE " + Series.WHERE + " AND bucket >= ? AND bucket < ? ORDER BY 1")) {
            range(s, series.bind(s, 1), from, to);
            range(s, series.bind(s, 6), from, to);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    each.accept(Point.read(rs));
                }
            }
        }
    }

    /** The last point of a series before {@code time}, or null. */
    public Point before(Series series, long time) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT " + Point.RAW + " FROM sample"
                        + " WHERE " + Series.WHERE + " AND time < ? AND deleted = 0 AND value IS NOT NULL"
                        + " UNION ALL SELECT " + Point.ROLLUP + " FROM rollup"
                        + " WHERE " + Series.WHERE + " AND bucket < ? ORDER BY 1 DESC LIMIT 1")) {
            s.setLong(series.bind(s, 1), time);
            s.setLong(series.bind(s, 5), time);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Point.read(rs) : null;
            }
        }
    }

    /** Raw rows of a series in [from, to), text fields and (on request) deleted rows included. */
    public List<Row> rows(Series series, long from, long to, int limit, boolean withDeleted) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT time, value, text, kind, deleted FROM sample"
                        + " WHERE " + Series.WHERE + " AND time >= ? AND time < ? AND (deleted = 0 OR ?) ORDER BY time LIMIT ?")) {
            range(s, series.bind(s, 1), from, to);
            s.setBoolean(6, withDeleted);
            s.setInt(7, limit + 1);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Double value = number(rs, 2);
                    rows.add(new Row(Instant.ofEpochMilli(rs.getLong(1)), value, rs.getString(3), rs.getString(4), rs.getBoolean(5)));
                }
            }
        }
        return rows;
    }

    /** Each field's latest raw value of a meter, per measurement: what the dashboard shows as "now". */
    public Map<String, Map<String, Row>> latest(String meter) throws SQLException {
        Map<String, Map<String, Row>> latest = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
                // SQLite returns the other columns of the row that has max(time)
                PreparedStatement s = c.prepareStatement("SELECT measurement, field, max(time), value, text, kind FROM sample"
                        + " WHERE meter = ? AND deleted = 0 GROUP BY measurement, field ORDER BY measurement, field")) {
            s.setString(1, meter);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Double value = number(rs, 4);
                    latest.computeIfAbsent(rs.getString(1), m -> new LinkedHashMap<>()).put(rs.getString(2),
                            new Row(Instant.ofEpochMilli(rs.getLong(3)), value, rs.getString(5), rs.getString(6), false));
                }
            }
        }
        return latest;
    }

    /** The measurements in which a meter has a field (raw or rolled up), in name order. */
    public List<String> measurements(String meter, String field) throws SQLException {
        List<String> measurements = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT DISTINCT measurement FROM sample WHERE meter = ? AND field = ?"
                        + " UNION SELECT DISTINCT measurement FROM rollup WHERE meter = ? AND field = ? ORDER BY 1")) {
            s.setString(1, meter);
            s.setString(2, field);
            s.setString(3, meter);
            s.setString(4, field);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    measurements.add(rs.getString(1));
                }
            }
        }
        return measurements;
    }

    /**
     * The series of a meter's field: in the measurement named, or in the only one that has the field; a field in two
     * measurements (a Glow's electricity and gas) must be named with its measurement rather than answered as a mix.
     */
    public Series series(String meter, String measurement, String field) throws SQLException {
        if (measurement != null) {
            return new Series(meter, measurement, field);
        }
        List<String> in = measurements(meter, field);
        if (in.size() > 1) {
            throw new StoreRefusal(StoreRefusal.Kind.INVALID, "meter " + meter + " has " + field + " in " + String.join(" and ", in)
                    + ": add measurement=" + in.get(0) + " (or " + String.join(", ", in.subList(1, in.size())) + ")");
        }
        return new Series(meter, in.isEmpty() ? Fields.ELECTRICITY : in.get(0), field);
    }

    /**
     * A numeric column that may be NULL (a text field has no value). One place for it: {@code wasNull} speaks of the
     * last column read, so asking it after reading another column once turned text fields into 0.0.
     */
    static Double number(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static void range(PreparedStatement s, int at, long from, long to) throws SQLException {
        s.setLong(at, from);
        s.setLong(at + 1, to);
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }
}
