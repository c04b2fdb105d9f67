package io.meterbridge.store;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import io.meterbridge.reading.Quoted;

/**
 * The aggregation steps of the API. Minutes and hours are fixed lengths; days and months are calendar days and
 * months in the store's time zone, so a day across a DST change has 23 or 25 hours, as a person counts it.
 */
public enum Step {
    RAW("raw"), MINUTE("1m"), FIVE_MINUTES("5m"), HOUR("1h"), DAY("1d"), MONTH("1mo");

    private final String text;

    Step(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static Step parse(String text) {
        for (Step s : values()) {
            if (s.text.equals(text.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new StoreRefusal(StoreRefusal.Kind.INVALID, "step '" + Quoted.shorten(text, 60) + "' is not one of raw, 1m, 5m, 1h, 1d, 1mo");
    }

    /** The start (epoch ms) of the bucket {@code time} falls in. */
    public long bucket(long time, ZoneId zone) {
        return switch (this) {
            case RAW -> time;
            case MINUTE -> Math.floorDiv(time, 60_000L) * 60_000L;
            case FIVE_MINUTES -> Math.floorDiv(time, 300_000L) * 300_000L;
            case HOUR -> Math.floorDiv(time, 3_600_000L) * 3_600_000L;
            case DAY -> ZonedDateTime.ofInstant(Instant.ofEpochMilli(time), zone).truncatedTo(ChronoUnit.DAYS).toInstant().toEpochMilli();
            case MONTH -> ZonedDateTime.ofInstant(Instant.ofEpochMilli(time), zone).truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1)
                    .toInstant().toEpochMilli();
        };
    }
}
