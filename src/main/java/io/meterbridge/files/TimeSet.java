package io.meterbridge.files;

import java.util.Arrays;

/**
 * The meter times (epoch ms) of one series already in a file: a sorted array, because readings arrive in time order
 * and a day at one reading a second is 86,400 longs (675 KB), a tenth of what a HashSet of boxed Longs takes.
 */
final class TimeSet {

    private long[] times = new long[64];
    private int size;

    /** Adds the time; false when it was there already. */
    boolean add(long time) {
        if (size > 0 && time <= times[size - 1]) {
            int at = Arrays.binarySearch(times, 0, size, time);
            if (at >= 0) {
                return false;
            }
            insert(-at - 1, time);
            return true;
        }
        insert(size, time);
        return true;
    }

    void remove(long time) {
        int at = Arrays.binarySearch(times, 0, size, time);
        if (at >= 0) {
            System.arraycopy(times, at + 1, times, at, size - at - 1);
            size--;
        }
    }

    private void insert(int at, long time) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
        }
        System.arraycopy(times, at, times, at + 1, size - at);
        times[at] = time;
        size++;
    }
}
