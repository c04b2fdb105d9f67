package io.meterbridge.store;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Aggregation of a series' points, fed one at a time in time order as the store reads them, so a long range costs
 * no memory beyond its answer: {@link Buckets} per step, {@link EnergyCounter} per period from a cumulative total.
 */
public final class Aggregates {

    /** One step's aggregate. */
    public record Bucket(long start, long count, double mean, double min, double max, double last) {
    }

    /** Energy per period; {@code resets} counts where the total went back without a rebase (a meter reset). */
    public record Energy(Map<Long, Double> periods, double total, int rebases, int resets) {
    }

    private Aggregates() {
    }

    /** Mean, min, max, last and count per step. */
    public static final class Buckets implements Consumer<Point> {
        private final Step step;
        private final ZoneId zone;
        private final List<Bucket> out = new ArrayList<>();
        private long start;
        private long count;
        private double sum;
        private double min;
        private double max;
        private double last;

        public Buckets(Step step, ZoneId zone) {
            this.step = step;
            this.zone = zone;
        }

        @Override
        public void accept(Point p) {
            long b = step.bucket(p.time(), zone);
            if (count > 0 && b != start) {
                close();
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

        private void close() {
            out.add(new Bucket(start, count, sum / count, min, max, last));
            count = 0;
        }

        public List<Bucket> result() {
            if (count > 0) {
                close();
            }
            return out;
        }
    }

    /**
     * The energy a cumulative total counted, per period: each rise between consecutive points goes to the period of
     * the later point. A rebase (the meter's basis restarts: boot, value set, wrap) starts a new segment and its step
     * is not energy; so is a fall without one (a reset or a replaced meter). The baseline is the last point before
     * the range, so the range's first rise is counted too.
     */
    public static final class EnergyCounter implements EnergySum {
        private final Step step;
        private final ZoneId zone;
        private final Map<Long, Double> periods = new LinkedHashMap<>();
        private Point previous;
        private double total;
        private int rebases;
        private int resets;

        public EnergyCounter(Point baseline, Step step, ZoneId zone) {
            this.previous = baseline;
            this.step = step;
            this.zone = zone;
        }

        @Override
        public void accept(Point p) {
            double rise = p.increase();
            if (p.startsAtRebase()) {
                rebases++;
            } else if (previous != null) {
                double between = p.first() - previous.last();
                if (between >= 0) {
                    rise += between;
                } else {
                    resets++;
                }
            }
            periods.merge(step.bucket(p.time(), zone), rise, Double::sum);
            total += rise;
            previous = p;
        }

        @Override
        public Energy result() {
            return new Energy(periods, total, rebases, resets);
        }
    }

    /** Energy per period from points in time order. */
    public interface EnergySum extends Consumer<Point> {
        Energy result();
    }

    /**
     * The energy of an interval field per period: the values summed, each to the period its interval starts in (a
     * rollup's sum is the sum of the values it holds). Nothing is differenced, so nothing is a rebase or a reset.
     */
    public static final class IntervalSum implements EnergySum {
        private final Step step;
        private final ZoneId zone;
        private final Map<Long, Double> periods = new LinkedHashMap<>();
        private double total;

        public IntervalSum(Step step, ZoneId zone) {
            this.step = step;
            this.zone = zone;
        }

        @Override
        public void accept(Point p) {
            periods.merge(step.bucket(p.time(), zone), p.sum(), Double::sum);
            total += p.sum();
        }

        @Override
        public Energy result() {
            return new Energy(periods, total, 0, 0);
        }
    }
}
