package io.meterbridge.files;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;

import io.meterbridge.reading.Reading;

/**
 * Makes the CSV row of a reading and names its daily file, one file per measurement, so a file has one row
 * per telegram with the same columns throughout. A column names a field, a tag ({@code meter}, {@code source},
 * {@code channel}), {@code time} or {@code validity}; a field the reading lacks stays empty.
 */
public class ReadingsCsv {

    private DailyFiles files = new DailyFiles();
    private String prefix = "readings";
    private final Map<String, List<String>> columns = new HashMap<>();

    /** Sets the body to the row (preceded by the header line in a new file) and CamelFileName to the file. */
    public void toRow(Exchange exchange) throws InvalidPayloadException {
        Reading reading = exchange.getMessage().getMandatoryBody(Reading.class);
        List<String> names = columns.getOrDefault(reading.measurement(), defaultColumns(reading));
        String fileName = files.name(prefix + "-" + reading.measurement(), reading.time(), "csv");
        List<Object> values = new ArrayList<>(names.size());
        for (String name : names) {
            values.add(switch (name) {
                case "time" -> reading.time();
                case "validity" -> exchange.getMessage().getHeader("MeterbridgeValidity");
                default -> reading.fields().containsKey(name) ? reading.field(name) : reading.tag(name);
            });
        }
        String row = Csv.row(values);
        exchange.getMessage().setHeader(Exchange.FILE_NAME, fileName);
        exchange.getMessage().setBody(files.isNew(fileName) ? Csv.row(names) + "\n" + row : row);
    }

    private static List<String> defaultColumns(Reading reading) {
        List<String> names = new ArrayList<>(List.of("time", "meter"));
        names.addAll(reading.fields().keySet());
        return names;
    }

    public void setFiles(DailyFiles files) {
        this.files = files;
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
