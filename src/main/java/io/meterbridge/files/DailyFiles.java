package io.meterbridge.files;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import io.meterbridge.reading.Reading;

/**
 * Where file sinks write: one file per day and kind, named after the date in the configured zone, in one
 * directory. The CSV sinks use it to know whether a file is new and needs its header line first.
 */
public class DailyFiles {

    private Path directory = Path.of("data");
    private ZoneId zone = ZoneId.systemDefault();
    // the day of the last name asked for: every telegram asks, and formatting a date each time showed in profiles
    private volatile Day current = new Day(0, 0, "");

    private record Day(long startSecond, long endSecond, String date) {
    }

    /** The file for {@code prefix} on the day of {@code time}, e.g. readings-electricity-2024-03-01.csv. */
    public String name(String prefix, Instant time, String extension) {
        return prefix + "-" + date(time) + "." + extension;
    }

    private String date(Instant time) {
        Day day = current;
        long second = time.getEpochSecond();
        if (second < day.startSecond() || second >= day.endSecond()) {
            LocalDate date = LocalDate.ofInstant(time, zone);
            day = new Day(date.atStartOfDay(zone).toEpochSecond(), date.plusDays(1).atStartOfDay(zone).toEpochSecond(),
                    date.format(DateTimeFormatter.ISO_LOCAL_DATE));
            current = day;
        }
        return day.date();
    }

    /** The JSON lines file for a reading's day. */
    public String jsonLines(Reading reading) {
        return name("readings", reading.time(), "jsonl");
    }

    public Path path(String name) {
        return directory.resolve(name);
    }

    public String getDirectory() {
        return directory.toString();
    }

    public void setDirectory(String directory) {
        this.directory = Path.of(directory);
    }

    /** The zone whose midnight starts a new file; empty for the system's. */
    public void setZone(String zone) {
        this.zone = zone == null || zone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(zone);
        this.current = new Day(0, 0, "");
    }
}
