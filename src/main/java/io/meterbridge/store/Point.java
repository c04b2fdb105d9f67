package io.meterbridge.store;

/**
 * One value, or a rollup of several, of a numeric series: raw rows are points of count 1. {@code increase} is
 * what a cumulative total rose inside a rollup; {@code firstKind} says whether it starts at a rebase.
 */
record Point(long time, long count, double sum, double min, double max, double first, double last, double increase,
        String firstKind) {

    static Point raw(long time, double value, String kind) {
        return new Point(time, 1, value, value, value, value, value, 0, kind);
    }

    boolean startsAtRebase() {
        return "rebase".equals(firstKind);
    }
}
