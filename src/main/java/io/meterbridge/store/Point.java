package io.meterbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One value, or a rollup of several, of a numeric series: raw rows are points of count 1. {@code increase} is
 * what a cumulative total rose inside a rollup; {@code firstKind} says whether it starts at a rebase.
 */
public record Point(long time, long count, double sum, double min, double max, double first, double last, double increase,
        String firstKind) {

    /** The columns a raw row is selected with, in {@link #read} order. */
    static final String RAW = "time, 1, value, value, value, value, value, 0, kind";
    /** The columns a rollup is selected with, in {@link #read} order. */
    static final String ROLLUP = "bucket, count, sum, min, max, first, last, increase, first_kind";

    /** The point in the first nine columns of the current row (selected as {@link #RAW} or {@link #ROLLUP}). */
    static Point read(ResultSet rs) throws SQLException {
        return new Point(rs.getLong(1), rs.getLong(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5), rs.getDouble(6),
                rs.getDouble(7), rs.getDouble(8), rs.getString(9));
    }

    static Point raw(long time, double value, String kind) {
        return new Point(time, 1, value, value, value, value, value, 0, kind);
    }

    boolean startsAtRebase() {
        return "rebase".equals(firstKind);
    }
}
