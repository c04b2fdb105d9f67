package io.meterbridge.dsmr;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Turns the meter's local clock {@code YYMMDDhhmmssX} into an {@link Instant}. X is S (summer) or W (winter),
 * which is what tells the two 02:00-03:00 hours of an autumn night apart. Placeholders meters send for "no
 * time" ({@code 632525252525W}, {@code 700101010000W}, {@code 000101000001W}) and a clock that was never set
 * (still in the early 2000s) give null, never a wrong time.
 */
final class MeterClock {

    private static final int FIRST_REAL_YEAR = 5;

    private MeterClock() {
    }

    /** Parses {@code text[from, to)}; null when it is not a real time. */
    static Instant toInstant(byte[] text, int from, int to, ZoneId zone) {
        int len = to - from;
        if (len != 12 && len != 13) {
            return null;
        }
        for (int i = from; i < from + 12; i++) {
            if (text[i] < '0' || text[i] > '9') {
                return null;
            }
        }
        int yy = two(text, from);
        int month = two(text, from + 2);
        int day = two(text, from + 4);
        int hour = two(text, from + 6);
        int minute = two(text, from + 8);
        int second = two(text, from + 10);
        // 70 is the 1970 epoch placeholder; 00-04 a clock that was never set and counts up from 2000-01-01.
        // No smart meter sent telegrams before 2005.
        if (yy < FIRST_REAL_YEAR || yy == 70) {
            return null;
        }
        if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        char season = len == 13 ? (char) (text[from + 12] | 0x20) : ' ';
        if (len == 13 && season != 's' && season != 'w') {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(2000 + yy, month, day).toEpochDay();
        } catch (java.time.DateTimeException e) {
            return null; // 31 April and the like
        }
        long hourKey = epochDay * 24 + hour;
        Hour cached = lastHour;
        ZoneOffset offset;
        if (cached != null && cached.key == hourKey && cached.season == season && cached.zone.equals(zone)) {
            offset = cached.offset;
        } else {
            offset = offset(LocalDateTime.of(2000 + yy, month, day, hour, minute, second), zone, season);
            lastHour = new Hour(zone, hourKey, season, offset);
        }
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second - offset.getTotalSeconds());
    }

    /** The offset of the last hour converted: telegrams come every second, so nearly every lookup is a hit. */
    private record Hour(ZoneId zone, long key, char season, ZoneOffset offset) {
    }

    private static volatile Hour lastHour;

    private static ZoneOffset offset(LocalDateTime local, ZoneId zone, char season) {
        ZoneRules rules = zone.getRules();
        ZoneOffsetTransition transition = rules.getTransition(local);
        if (transition == null) {
            return rules.getOffset(local);
        }
        if (transition.isOverlap()) {
            // the repeated hour: S is the earlier (summer) pass, W the later one; no suffix takes the earlier
            return season == 'w' ? transition.getOffsetAfter() : transition.getOffsetBefore();
        }
        // a time inside the spring gap does not exist; the meter's clock still ran on the old offset
        return transition.getOffsetBefore();
    }

    private static int two(byte[] t, int i) {
        return (t[i] - '0') * 10 + (t[i + 1] - '0');
    }
}
