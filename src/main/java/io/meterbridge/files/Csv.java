package io.meterbridge.files;

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
}
