package io.meterbridge.store;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Aggregation of points into steps, and energy per period from a cumulative total. */
final class Aggregates {

    /** One step's aggregate. */
    record Bucket(long start, long count, double mean, double min, double max, double last) {
    }

    /** Energy per period; {@code resets} counts where the total went back without a rebase (a meter reset). */
    record Energy(Map<Long, Double> periods, double total, int rebases, int resets) {
    }

    private Aggregates() {
    }

    static List<Bucket> buckets(List<Point> points, Step step, ZoneId zone) {
        List<Bucket> out = new ArrayList<>();
        long start = 0;
        long count = 0;
        double sum = 0;
        double min = 0;
        double max = 0;
        double last = 0;
        for (Point p : points) {
            long b = step.bucket(p.time(), zone);
            if (count > 0 && b != start) {
                out.add(new Bucket(start, count, sum / count, min, max, last));
                count = 0;
            }
            if (count == 0) {
                start = b;
                sum = 0;
                min = p.min();
                max = p.max();
            }
            count += p.count();
            sum += p.sum();
            min = Math.min(min, p.min());
            max = Math.max(max, p.max());
            last = p.last();
        }
        if (count > 0) {
            out.add(new Bucket(start, count, sum / count, min, max, last));
        }
        return out;
    }

    /**
     * The energy a cumulative total counted, per period: each rise between consecutive points goes to the period of
     * the later point. A rebase (the meter's basis restarts: boot, value set, wrap) starts a new segment and its step
     * is not energy; so is a fall without one (a reset or a replaced meter). {@code baseline} is the last point
     * before the range, so the range's first rise is counted too.
     */
    static Energy energy(Point baseline, List<Point> points, Step step, ZoneId zone) {
        Map<Long, Double> periods = new LinkedHashMap<>();
        double total = 0;
        int rebases = 0;
        int resets = 0;
        Point previous = baseline;
        for (Point p : points) {
            long period = step.bucket(p.time(), zone);
            double rise = p.increase();
            if (p.startsAtRebase()) {
                rebases++;
            } else if (previous != null) {
                double step1 = p.first() - previous.last();
                if (step1 >= 0) {
                    rise += step1;
                } else {
                    resets++;
                }
            }
            periods.merge(period, rise, Double::sum);
            total += rise;
            previous = p;
        }
        return new Energy(periods, total, rebases, resets);
    }
}
