package io.meterbridge.meterman;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.meterbridge.reading.Quoted;

/**
 * Reads the gateway's UART lines. {@code G>S:} lines are messages; every other line is the gateway's console output
 * (DEBUG, INFO, an echo), which shares the UART, and is counted and skipped. One firmware bug is repaired: with
 * several nodes, NOSNAP prints every node after the first on a line of its own without the prefix
 * ({@code ;3,2950,…}); such a line right after a NOSNAP is read as another record of it. One instance per port.
 */
public class GatewayLines {

    static final String PREFIX = "G>S:";
    /** The message types of gateway firmware R10; anything else is an unknown (or the pre-2018 MTRUPDATE) format. */
    static final Set<String> TYPES = Set.of("GTIME", "STIME_ACK", "STIME_NACK", "GWSNAP", "NOSNAP", "GNOSNAP_NACK",
            "MUP_", "MUPC", "MREB", "GMSG", "NDARK", "SMVAL_ACK", "SMVAL_NACK", "SMINT_ACK", "SMINT_NACK",
            "SPLED_ACK", "SPLED_NACK", "SGITR_ACK", "SGITR_NACK");
    /** Position of the AES key in GWSNAP's header: dropped before the message goes anywhere. */
    private static final int GWSNAP_KEY = 5;

    private final AtomicLong console = new AtomicLong();
    private GatewayMessage lastNodeSnapshot;

    /**
     * The message on this line; null for console output and for a NOSNAP continuation line (which is added to the
     * previous NOSNAP, returned again so its new record is read).
     */
    public GatewayMessage read(String line) throws MetermanRejectedException {
        String text = line.strip();
        if (text.startsWith(";") && lastNodeSnapshot != null) {
            List<List<String>> records = records(text.substring(1));
            return new GatewayMessage("NOSNAP", records.get(0), records.subList(1, records.size()));
        }
        lastNodeSnapshot = null;
        if (!text.startsWith(PREFIX)) {
            console.incrementAndGet();
            return null;
        }
        List<List<String>> records = records(text.substring(PREFIX.length()));
        List<String> typeRecord = records.get(0);
        String type = typeRecord.get(0);
        if (!TYPES.contains(type) || typeRecord.size() != 1) {
            throw new MetermanRejectedException("unknown gateway message type '" + Quoted.shorten(type, 40) + "'");
        }
        List<String> header = records.size() > 1 ? records.get(1) : List.of();
        if (type.equals("GWSNAP") && header.size() > GWSNAP_KEY) {
            header = new ArrayList<>(header);
            header.set(GWSNAP_KEY, null); // the network's AES key, in clear text on the wire: never kept
        }
        GatewayMessage message = new GatewayMessage(type, header, records.size() > 2 ? records.subList(2, records.size()) : List.of());
        if (type.equals("NOSNAP")) {
            lastNodeSnapshot = message;
        }
        return message;
    }

    /** Console lines seen so far. */
    public long consoleLines() {
        return console.get();
    }

    /** Records split at ';' (a trailing one is optional), fields at ','. */
    private static List<List<String>> records(String text) {
        String body = text.endsWith(";") ? text.substring(0, text.length() - 1) : text;
        List<List<String>> records = new ArrayList<>();
        for (String record : body.split(";", -1)) {
            records.add(Arrays.asList(record.split(",", -1)));
        }
        return records;
    }
}
