package io.meterbridge.files;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 quoting, for the few values (text messages, reasons) that may hold a comma or a quote. */
final class Csv {

    private Csv() {
    }

    static String row(List<?> values) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            Object v = values.get(i);
            String text = v == null ? "" : v.toString();
            if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
                line.append('"').append(text.replace("\"", "\"\"")).append('"');
            } else {
                line.append(text);
            }
        }
        return line.toString();
    }

    /** The values of one RFC 4180 line (no line breaks inside quotes: rows here are single lines). */
    static List<String> split(String line) {
        List<String> values = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    value.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    value.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                values.add(value.toString());
                value.setLength(0);
            } else {
                value.append(c);
            }
        }
        values.add(value.toString());
        return values;
    }
}
