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
            for (Series series : series(c, "SELECT DISTINCT meter, measurement, field FROM sample WHERE time < ? AND value IS NOT NULL", rawCutoff)) {
                raw += roll(c, series, "SELECT " + Point.RAW + " FROM sample"
                        + " WHERE " + Series.WHERE + " AND time < ? AND value IS NOT NULL AND deleted = 0 ORDER BY time",
                        "DELETE FROM sample WHERE " + Series.WHERE + " AND time < ? AND value IS NOT NULL", rawCutoff, Step.FIVE_MINUTES, FIVE_MINUTES);
            }
            for (Series series : series(c, "SELECT DISTINCT meter, measurement, field FROM rollup WHERE resolution = 300 AND bucket < ?", fiveCutoff)) {
                five += roll(c, series, "SELECT " + Point.ROLLUP + " FROM rollup"
                        + " WHERE " + Series.WHERE + " AND bucket < ? AND resolution = 300 ORDER BY bucket",
                        "DELETE FROM rollup WHERE " + Series.WHERE + " AND bucket < ? AND resolution = 300", fiveCutoff, Step.DAY, DAY);
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

    private static List<Series> series(Connection c, String sql, long cutoff) throws SQLException {
        List<Series> series = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, cutoff);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    series.add(new Series(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return series;
    }

    /** Rolls one series' rows before the cutoff into buckets of {@code step}, then removes them; returns how many. */
    private int roll(Connection c, Series series, String select, String delete, long cutoff, Step step, int resolution) throws SQLException {
        c.setAutoCommit(false);
        try {
            // read in time order and written a bucket at a time, so a long backlog costs one bucket of memory
            int rows = 0;
            List<Point> bucket = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(select)) {
                s.setLong(series.bind(s, 1), cutoff);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Point p = Point.read(rs);
                        if (!bucket.isEmpty() && step.bucket(p.time(), zone) != step.bucket(bucket.get(0).time(), zone)) {
                            write(c, series, resolution, step, bucket);
                            bucket.clear();
                        }
                        bucket.add(p);
                        rows++;
                    }
                }
            }
            if (!bucket.isEmpty()) {
                write(c, series, resolution, step, bucket);
            }
            try (PreparedStatement s = c.prepareStatement(delete)) {
                s.setLong(series.bind(s, 1), cutoff);
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
    private void write(Connection c, Series series, int resolution, Step step, List<Point> points) throws SQLException {
        long start = step.bucket(points.get(0).time(), zone);
        Point rolled = merge(points);
        Point existing = existing(c, series, resolution, start);
        upsert(c, series, resolution, start, existing == null ? rolled : merge(List.of(existing, rolled)));
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

    private static Point existing(Connection c, Series series, int resolution, long bucket) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + Point.ROLLUP + " FROM rollup"
                + " WHERE " + Series.WHERE + " AND bucket = ? AND resolution = ?")) {
            s.setLong(series.bind(s, 1), bucket);
            s.setInt(5, resolution);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Point.read(rs) : null;
            }
        }
    }

    private static void upsert(Connection c, Series series, int resolution, long bucket, Point p) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT OR REPLACE INTO rollup (meter, measurement, field, resolution, bucket, count, sum,"
                + " min, max, first, last, increase, first_kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            series.bind(s, 1);
            s.setInt(4, resolution);
            s.setLong(5, bucket);
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
