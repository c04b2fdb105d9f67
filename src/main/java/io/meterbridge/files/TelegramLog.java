package io.meterbridge.files;

import java.time.Instant;
import java.util.List;

import org.apache.camel.Exchange;

import io.meterbridge.dsmr.DsmrConstants;
import io.meterbridge.dsmr.Telegram;
import io.meterbridge.dsmr.TelegramRejectedException;
import io.meterbridge.dsmr.Validity;
import io.meterbridge.framing.FramingConstants;

/**
 * The two records kept for every telegram: a validity row (valid, corrected, unchecked, accepted_invalid,
 * rejected, and why) and, for a telegram that was not simply valid, an error-log entry with the bytes as they
 * arrived, so nothing damaged is lost and every repair can be checked by hand.
 */
public class TelegramLog {

    static final List<String> VALIDITY_COLUMNS = List.of("received", "meter_time", "meter", "validity", "reason", "origin");

    private DailyFiles files = new DailyFiles();
    private BatchedLines validityRows;
    private BatchedLines errorEntries;
    private String validityPrefix = "validity";
    private String errorsPrefix = "telegram-errors";

    /** A rejected telegram arrives here through the error handler: its headers come from the exception. */
    public void fromRejection(Exchange exchange) {
        TelegramRejectedException rejected = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, TelegramRejectedException.class);
        if (rejected != null && exchange.getMessage().getHeader(DsmrConstants.VALIDITY) == null) {
            exchange.getMessage().setHeader(DsmrConstants.VALIDITY, Validity.REJECTED.label());
            exchange.getMessage().setHeader(DsmrConstants.REASON, rejected.getMessage());
            if (rejected.telegram() != null) {
                exchange.getMessage().setHeader(DsmrConstants.TELEGRAM, rejected.telegram());
                exchange.getMessage().setHeader(DsmrConstants.METER, rejected.telegram().getEquipmentId());
            }
            exchange.getMessage().setHeader(DsmrConstants.RAW, rejected.raw());
        }
    }

    /** The telegram's validity row, appended to the day's validity file with the next batch. */
    public void writeValidityRow(Exchange exchange) {
        Instant received = Instant.ofEpochMilli(exchange.getClock().getCreated());
        Telegram telegram = exchange.getMessage().getHeader(DsmrConstants.TELEGRAM, Telegram.class);
        String row = Csv.row(java.util.Arrays.asList(received,
                telegram == null ? null : telegram.getMeterTime(),
                exchange.getMessage().getHeader(DsmrConstants.METER),
                exchange.getMessage().getHeader(DsmrConstants.VALIDITY),
                exchange.getMessage().getHeader(DsmrConstants.REASON),
                exchange.getMessage().getHeader(FramingConstants.FRAME_ORIGIN)));
        validityRows.add(files.name(validityPrefix, received, "csv"), row);
    }

    /**
     * For a telegram that was not simply valid (corrected, rejected, ...: the parser and the error handler keep the
     * raw bytes of those, and only those), a plain-text entry with what was wrong, what repair was tried, and the
     * raw bytes with control bytes escaped.
     */
    public void writeErrorEntry(Exchange exchange) {
        byte[] raw = exchange.getMessage().getHeader(DsmrConstants.RAW, byte[].class);
        if (raw == null) {
            return;
        }
        Instant received = Instant.ofEpochMilli(exchange.getClock().getCreated());
        StringBuilder entry = new StringBuilder()
                .append("=== ").append(received)
                .append(' ').append(exchange.getMessage().getHeader(DsmrConstants.VALIDITY))
                .append(" from ").append(exchange.getMessage().getHeader(FramingConstants.FRAME_ORIGIN)).append('\n')
                .append("reason: ").append(exchange.getMessage().getHeader(DsmrConstants.REASON)).append('\n');
        entry.append(escape(raw));
        // the entry ends in a line end; the writer adds one more, which keeps entries apart
        errorEntries.add(files.name(errorsPrefix, received, "log"), entry.toString());
    }

    /** Keeps line ends as line ends and shows every other control or non-ASCII byte as \xNN. */
    static String escape(byte[] raw) {
        StringBuilder text = new StringBuilder(raw.length + 16).append(raw.length == 0 ? "(empty)" : "");
        for (byte b : raw) {
            int c = b & 0xFF;
            if (c == '\n' || (c >= 0x20 && c < 0x7F)) {
                text.append((char) c);
            } else if (c == '\r') {
                continue;
            } else {
                text.append(String.format("\\x%02X", c));
            }
        }
        return text.charAt(text.length() - 1) == '\n' ? text.toString() : text.append('\n').toString();
    }

    public void setFiles(DailyFiles files) {
        this.files = files;
    }

    void setValidityRows(BatchedLines validityRows) {
        this.validityRows = validityRows;
    }

    void setErrorEntries(BatchedLines errorEntries) {
        this.errorEntries = errorEntries;
    }

    /** Error entries: few, each written at once. */
    static BatchedLines errorEntries(org.apache.camel.CamelContext context, DailyFiles files) {
        return new BatchedLines(context, files, null, 1, 1000);
    }

    /** Validity rows: a batch per file of up to 1000 rows, written at most a second after they were made. */
    static BatchedLines validityRows(org.apache.camel.CamelContext context, DailyFiles files) {
        return new BatchedLines(context, files, Csv.row(VALIDITY_COLUMNS), 1000, 1000);
    }

    public void setValidityPrefix(String validityPrefix) {
        this.validityPrefix = validityPrefix;
    }

    public void setErrorsPrefix(String errorsPrefix) {
        this.errorsPrefix = errorsPrefix;
    }
}
