package io.meterbridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention and downsampling. Numeric raw rows older than {@code rawDays} become 5-minute rollups and are removed
 * (text rows, such as node events, stay); 5-minute rollups older than {@code fiveMinuteDays} become daily ones (days
 * in the store's zone); daily rollups older than {@code dailyDays} are removed (0: kept for ever). Rows marked
 * deleted are left out of every rollup. Each series is rolled up and removed in one transaction, so a query never
 * sees a value twice or not at all. A late row for a bucket already rolled up is merged into it.
 */
public class StoreMaintenance {

    private static final Logger LOG = LoggerFactory.getLogger(StoreMaintenance.class);
    static final int FIVE_MINUTES = 300;
    static final int DAY = 86_400;

    private DataSource dataSource;
    private Clock clock = Clock.systemUTC();
    private ZoneId zone = ZoneId.systemDefault();
    private int rawDays = 7;
    private int fiveMinuteDays = 400;
    private int dailyDays;

    public synchronized void run() throws SQLException {
        long now = clock.millis();
        long rawCutoff = Step.FIVE_MINUTES.bucket(now - Duration.ofDays(rawDays).toMillis(), zone);
        long fiveCutoff = Step.DAY.bucket(now - Duration.ofDays(fiveMinuteDays).toMillis(), zone);
        int raw = 0;
        int five = 0;
        try (Connection c = dataSource.getConnection()) {
            for (String[] series : series(c, "SELECT DISTINCT meter, field FROM sample WHERE time < ? AND value IS NOT NULL", rawCutoff)) {
                raw += roll(c, series[0], series[1], "SELECT " + Point.RAW + ", measurement FROM sample"
                        + " WHERE meter = ? AND field = ? AND time < ? AND value IS NOT NULL AND deleted = 0 ORDER BY time",
                        "DELETE FROM sample WHERE meter = ? AND field = ? AND time < ? AND value IS NOT NULL", rawCutoff, Step.FIVE_MINUTES, FIVE_MINUTES);
            }
            for (String[] series : series(c, "SELECT DISTINCT meter, field FROM rollup WHERE resolution = 300 AND bucket < ?", fiveCutoff)) {
                five += roll(c, series[0], series[1], "SELECT " + Point.ROLLUP + ", measurement FROM rollup"
                        + " WHERE meter = ? AND field = ? AND bucket < ? AND resolution = 300 ORDER BY bucket",
                        "DELETE FROM rollup WHERE meter = ? AND field = ? AND bucket < ? AND resolution = 300", fiveCutoff, Step.DAY, DAY);
            }
            if (dailyDays > 0) {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM rollup WHERE resolution = 86400 AND bucket < ?")) {
                    s.setLong(1, now - Duration.ofDays(dailyDays).toMillis());
                    s.executeUpdate();
                }
            }
        }
        if (raw + five > 0) {
            LOG.info("Store: {} raw rows rolled up into 5-minute buckets, {} 5-minute buckets into days", raw, five);
        }
    }

    private static List<String[]> series(Connection c, String sql, long cutoff) throws SQLException {
        List<String[]> series = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, cutoff);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    series.add(new String[] { rs.getString(1), rs.getString(2) });
                }
            }
        }
        return series;
    }

    /** Rolls one series' rows before the cutoff into buckets of {@code step}, then removes them; returns how many. */
    private int roll(Connection c, String meter, String field, String select, String delete, long cutoff, Step step, int resolution) throws SQLException {
        c.setAutoCommit(false);
        try {
            // read in time order and written a bucket at a time, so a long backlog costs one bucket of memory
            int rows = 0;
            List<Point> bucket = new ArrayList<>();
            String measurement = null;
            try (PreparedStatement s = c.prepareStatement(select)) {
                StoreQueries.bind(s, meter, field, cutoff, 1);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Point p = Point.read(rs);
                        if (!bucket.isEmpty() && step.bucket(p.time(), zone) != step.bucket(bucket.get(0).time(), zone)) {
                            write(c, meter, field, resolution, step, measurement, bucket);
                            bucket.clear();
                        }
                        bucket.add(p);
                        measurement = rs.getString(10);
                        rows++;
                    }
                }
            }
            if (!bucket.isEmpty()) {
                write(c, meter, field, resolution, step, measurement, bucket);
            }
            try (PreparedStatement s = c.prepareStatement(delete)) {
                StoreQueries.bind(s, meter, field, cutoff, 1);
                s.executeUpdate();
            }
            c.commit();
            return rows;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** One bucket's points as a rollup, merged into the rollup already there (a late value). */
    private void write(Connection c, String meter, String field, int resolution, Step step, String measurement, List<Point> points) throws SQLException {
        long start = step.bucket(points.get(0).time(), zone);
        Point rolled = merge(points);
        Point existing = existing(c, meter, field, resolution, start);
        upsert(c, meter, field, resolution, start, measurement, existing == null ? rolled : merge(List.of(existing, rolled)));
    }

    /** Points in time order as one: the total's increase inside is counted as the energy query counts it. */
    static Point merge(List<Point> points) {
        Point first = points.get(0);
        long count = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        Aggregates.EnergyCounter inside = new Aggregates.EnergyCounter(null, Step.RAW, ZoneId.of("UTC"));
        for (Point p : points) {
            inside.accept(p);
            count += p.count();
            sum += p.sum();
            min = Math.min(min, p.min());
            max = Math.max(max, p.max());
        }
        return new Point(first.time(), count, sum, min, max, first.first(), points.get(points.size() - 1).last(), inside.result().total(), first.firstKind());
    }

    private static Point existing(Connection c, String meter, String field, int resolution, long bucket) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + Point.ROLLUP + " FROM rollup"
                + " WHERE meter = ? AND field = ? AND bucket = ? AND resolution = ?")) {
            StoreQueries.bind(s, meter, field, bucket, 1);
            s.setInt(4, resolution);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Point.read(rs) : null;
            }
        }
    }

    private static void upsert(Connection c, String meter, String field, int resolution, long bucket, String measurement, Point p) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT OR REPLACE INTO rollup (meter, field, resolution, bucket, measurement, count, sum,"
                + " min, max, first, last, increase, first_kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, meter);
            s.setString(2, field);
            s.setInt(3, resolution);
            s.setLong(4, bucket);
            s.setString(5, measurement);
            s.setLong(6, p.count());
            s.setDouble(7, p.sum());
            s.setDouble(8, p.min());
            s.setDouble(9, p.max());
            s.setDouble(10, p.first());
            s.setDouble(11, p.last());
            s.setDouble(12, p.increase());
            s.setString(13, p.firstKind());
            s.executeUpdate();
        }
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void setClock(Clock clock) {
        this.clock = clock;
    }

    /** The zone whose calendar days the daily rollups follow. */
    public void setZone(String zone) {
        this.zone = StoreZone.of(zone);
    }

    public void setRawDays(int rawDays) {
        this.rawDays = rawDays;
    }

    public void setFiveMinuteDays(int fiveMinuteDays) {
        this.fiveMinuteDays = fiveMinuteDays;
    }

    public void setDailyDays(int dailyDays) {
        this.dailyDays = dailyDays;
    }
}
