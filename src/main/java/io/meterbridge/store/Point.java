package io.meterbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One value, or a rollup of several, of a numeric series: raw rows are points of count 1. {@code increase} is
 * what a cumulative total rose inside a rollup; {@code firstKind} says whether it starts at a rebase.
 */
public record Point(long time, long count, double sum, double min, double max, double first, double last, double increase,
        String firstKind) {

    /**
     * The columns a raw row is selected with, in {@link #read} order: the second marks it raw, 0 for the common kind
     * 'read' and -1 for another, so a 'read' row is three columns and no string (each column is a call into SQLite's
     * native library; reads of a day's raw rows spent most of their time there).
     */
    static final String RAW = "time, CASE kind WHEN 'read' THEN 0 ELSE -1 END, value, kind, value, value, value, value, 0";
    /** The columns a rollup is selected with, in {@link #read} order (its count is at least 1). */
    static final String ROLLUP = "bucket, count, sum, first_kind, min, max, first, last, increase";

    /** The point in the first nine columns of the current row (selected as {@link #RAW} or {@link #ROLLUP}). */
    static Point read(ResultSet rs) throws SQLException {
        long count = rs.getLong(2);
        if (count <= 0) {
            return raw(rs.getLong(1), rs.getDouble(3), count == 0 ? "read" : rs.getString(4));
        }
        return new Point(rs.getLong(1), count, rs.getDouble(3), rs.getDouble(5), rs.getDouble(6), rs.getDouble(7),
                rs.getDouble(8), rs.getDouble(9), rs.getString(4));
    }

    static Point raw(long time, double value, String kind) {
        return new Point(time, 1, value, value, value, value, value, 0, kind);
    }

    boolean startsAtRebase() {
        return "rebase".equals(firstKind);
    }
}
