package io.meterbridge.files;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.apache.camel.Exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.meterbridge.observe.SinkCounts;
import io.meterbridge.reading.Json;
import io.meterbridge.reading.Reading;

/**
 * The file sinks: a daily CSV per measurement and a daily JSON-lines file, each message's rows appended in one write,
 * whole or not at all. A reading whose meter, measurement and meter time a file holds already is not written again,
 * so rerunning the demo, replaying a capture or importing an overlapping history adds no duplicate row. Only rows
 * that reached the file are counted as delivered; a failed write (a full disk) is counted as failed, marks the sink
 * DOWN ({@link FilesHealthCheck}) and is thrown to the route's error handler.
 */
public class ReadingFiles {

    // files opened since start (today's and yesterday's per kind, around midnight): each keeps what it holds in memory
    private static final int OPEN_FILES = 12;

    private DailyFiles files = new DailyFiles();
    private ReadingsCsv csv = new ReadingsCsv();
    private SinkCounts counts;
    private volatile String failure;
    private final Map<String, Open> open = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Open> eldest) {
            return size() > OPEN_FILES;
        }
    };

    /** A file in use, and for a CSV its columns and header line, worked out once rather than for every telegram. */
    private static final class Open {
        final AppendFile file;
        List<String> columns;
        String header;

        Open(AppendFile file) {
            this.file = file;
        }
    }

    /** Appends the message's readings (one or a List) to their measurement's CSV; the body becomes what was written. */
    public synchronized List<Reading> csv(Exchange exchange) throws IOException {
        Object validity = exchange.getMessage().getHeader("MeterbridgeValidity");
        Map<String, List<Reading>> byFile = byFile(exchange, r -> csv.fileName(r, files));
        List<Reading> written = new ArrayList<>();
        for (Map.Entry<String, List<Reading>> entry : byFile.entrySet()) {
            Reading first = entry.getValue().get(0);
            Open csvFile = file(entry.getKey(), new CsvKeys(first.measurement()));
            if (csvFile.columns == null) {
                // a new file takes the first reading's columns; an existing one keeps its header's
                csvFile.columns = csvFile.file.isEmpty() ? csv.columns(first) : Csv.split(csvFile.file.firstLine());
                csvFile.header = Csv.row(csvFile.columns);
            }
            List<String> columns = csvFile.columns;
            written.addAll(append(csvFile.file, entry.getValue(), csvFile.header, r -> csv.row(r, columns, validity), "csv"));
        }
        return written;
    }

    /** Appends the message's readings as JSON lines to the day's file; the body becomes what was written. */
    public synchronized List<Reading> jsonLines(Exchange exchange) throws IOException {
        Map<String, List<Reading>> byFile = byFile(exchange, files::jsonLines);
        List<Reading> written = new ArrayList<>();
        for (Map.Entry<String, List<Reading>> entry : byFile.entrySet()) {
            AppendFile file = file(entry.getKey(), ReadingFiles::jsonKey).file;
            written.addAll(append(file, entry.getValue(), null, ReadingFiles::json, "jsonl"));
        }
        return written;
    }

    private List<Reading> append(AppendFile file, List<Reading> readings, String header, Row row, String sink) throws IOException {
        List<Reading> fresh = new ArrayList<>(readings.size());
        List<Map.Entry<String, Long>> claimed = new ArrayList<>(readings.size());
        StringBuilder lines = new StringBuilder(readings.size() * 256);
        for (Reading r : readings) {
            String series = series(r.tag("meter"), r.measurement());
            long time = r.time().toEpochMilli();
            if (file.claim(series, time)) {
                claimed.add(Map.entry(series, time));
                fresh.add(r);
                lines.append(row.of(r)).append('\n');
            }
        }
        if (fresh.isEmpty()) {
            return fresh;
        }
        try {
            file.append(header, lines);
            failure = null;
        } catch (IOException e) {
            file.release(claimed);
            failure = e.toString();
            if (counts != null) {
                counts.failed(fresh, sink);
            }
            throw e;
        }
        if (counts != null) {
            counts.written(fresh, sink);
        }
        return fresh;
    }

    private static Map<String, List<Reading>> byFile(Exchange exchange, java.util.function.Function<Reading, String> name) {
        Object body = exchange.getMessage().getBody();
        List<?> all = body instanceof List<?> list ? list : List.of(body);
        Map<String, List<Reading>> byFile = new LinkedHashMap<>();
        for (Object o : all) {
            if (o instanceof Reading r) {
                byFile.computeIfAbsent(name.apply(r), n -> new ArrayList<>(2)).add(r);
            }
        }
        return byFile;
    }

    private Open file(String name, AppendFile.Contents keys) throws IOException {
        Open file = open.get(name);
        if (file == null) {
            file = new Open(AppendFile.open(files.path(name), keys));
            open.put(name, file);
        }
        return file;
    }

    private static String series(String meter, String measurement) {
        return meter + "|" + measurement;
    }

    private static String json(Reading reading) {
        try {
            return Json.MAPPER.writeValueAsString(reading);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A reading that Jackson cannot write: " + e.getOriginalMessage(), e);
        }
    }

    /** The series and meter time of a JSON line written earlier; lines that are not a reading are skipped. */
    private static void jsonKey(String line, BiConsumer<String, Long> record) {
        try {
            JsonNode json = Json.MAPPER.readTree(line);
            record.accept(series(json.path("tags").path("meter").asText(null), json.path("measurement").asText()),
                    Instant.parse(json.path("time").asText()).toEpochMilli());
        } catch (JsonProcessingException | DateTimeParseException e) {
            // a line from a hand edit or an older version: it cannot be a duplicate of anything we write
        }
    }

    /** The series and meter time of a CSV row written earlier, by the file's own header (its columns may differ). */
    private static final class CsvKeys implements AppendFile.Contents {
        private final String measurement;
        private int time = -1;
        private int meter = -1;

        CsvKeys(String measurement) {
            this.measurement = measurement;
        }

        @Override
        public void line(String line, BiConsumer<String, Long> record) {
            List<String> values = Csv.split(line);
            if (time < 0 || time >= values.size()) {
                return;
            }
            try {
                record.accept(series(meter >= 0 && meter < values.size() ? values.get(meter) : null, measurement),
                        Instant.parse(values.get(time)).toEpochMilli());
            } catch (DateTimeParseException e) {
                // not a row this sink wrote
            }
        }

        @Override
        public void firstLine(String firstLine, BiConsumer<String, Long> record) {
            List<String> header = Csv.split(firstLine);
            time = header.indexOf("time");
            meter = header.indexOf("meter");
        }
    }

    /** What the files sink's health check reports: the last write's failure, null once a write succeeds again. */
    public String failure() {
        return failure;
    }

    @FunctionalInterface
    private interface Row {
        String of(Reading reading);
    }

    public void setFiles(DailyFiles files) {
        this.files = files;
    }

    public void setCsv(ReadingsCsv csv) {
        this.csv = csv;
    }

    public void setCounts(SinkCounts counts) {
        this.counts = counts;
    }
}
