package io.meterbridge.files;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.meterbridge.reading.Reading;

/**
 * The CSV row of a reading and the name of its daily file, one file per measurement. A column names a field, a tag
 * ({@code meter}, {@code source}, {@code channel}), {@code time} or {@code validity}; a field the reading lacks stays
 * empty. The columns are configured per measurement; a measurement without (a mapped MQTT device) takes those of its
 * first reading of the day, and the file keeps them all day, so every row has the same columns.
 */
public class ReadingsCsv {

    private String prefix = "readings";
    private final Map<String, List<String>> columns = new HashMap<>();

    String fileName(Reading reading, DailyFiles files) {
        return files.name(prefix + "-" + reading.measurement(), reading.time(), "csv");
    }

    /** The columns of a new file for this reading's measurement. */
    List<String> columns(Reading reading) {
        List<String> configured = columns.get(reading.measurement());
        if (configured != null) {
            return configured;
        }
        List<String> names = new ArrayList<>(List.of("time", "meter"));
        names.addAll(reading.fields().keySet());
        return names;
    }

    String row(Reading reading, List<String> names, Object validity) {
        List<Object> values = new ArrayList<>(names.size());
        for (String name : names) {
            values.add(switch (name) {
                case "time" -> reading.time();
                case "validity" -> validity;
                default -> reading.fields().containsKey(name) ? reading.field(name) : reading.tag(name);
            });
        }
        return Csv.row(values);
    }

    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    public void setElectricityColumns(String names) {
        setColumns("electricity", names);
    }

    public void setGasColumns(String names) {
        setColumns("gas", names);
    }

    public void setWaterColumns(String names) {
        setColumns("water", names);
    }

    public void setHeatColumns(String names) {
        setColumns("heat", names);
    }

    private void setColumns(String measurement, String names) {
        if (names == null || names.isBlank()) {
            columns.remove(measurement);
        } else {
            columns.put(measurement, Arrays.stream(names.split(",")).map(String::trim).toList());
        }
    }
}
