package io.meterbridge.meterman;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.meterbridge.framing.Frame;
import io.meterbridge.framing.FramingConstants;
import io.meterbridge.reading.Fields;
import io.meterbridge.reading.Quoted;
import io.meterbridge.reading.Reading;
import io.meterbridge.reading.ReadingDataFormat;

/**
 * The {@code meterman} data format: one line from a meterman RFM69 gateway in, readings out.
 * <ul>
 * <li>MUP_/MUPC: one reading per interval at its start (the node's definition: entry k covers
 * [previous finish + 1, previous finish + duration]), with the interval's energy, average power, duration, the
 * node's cumulative total at the interval's end, and the CT current where the node has a clamp.</li>
 * <li>MREB: the cumulative basis restarts; a reading with {@code rebase} 1, so totals are never summed across it.</li>
 * <li>NOSNAP (both the 14- and the 15-field form, and the nodes the firmware prints without prefix): health.</li>
 * <li>GMSG BOOT, NDARK, gaps and low batteries: events, also as {@code device} readings.</li>
 * </ul>
 * An update whose header does not continue the node's previous one is a gap: reported with the energy lost (known)
 * but never filled with invented readings (how that energy spread over time is not known). Node ids become
 * {@code <network id>.<node id>} as in meterman; the network id comes from the gateway snapshot or configuration.
 * The parsed message travels on in a header for {@link MetermanGateway} (time requests, acknowledgements).
 */
public class MetermanDataFormat extends ReadingDataFormat {

    public static final String SOURCE = "meterman";
    private static final Logger LOG = LoggerFactory.getLogger(MetermanDataFormat.class);
    /** Header: the parsed {@link GatewayMessage}, for {@link MetermanGateway}. */
    public static final String MESSAGE = "MeterbridgeMetermanMessage";
    /** The node firmware's time limits (2017-01-01 … 2050-01-01): anything outside is not a Unix time in seconds. */
    static final long MIN_TIME = 1_483_228_800L;
    static final long MAX_TIME = 2_524_608_000L;
    private static final long MAX_WH = 0xFFFF_FFFFL; // the node's uint32 register
    /** A node sends at most 4 entries (2 with current) per update; more is not a meterman message. */
    private static final int MAX_ENTRIES = 8;

    /** The node firmware's default, until a snapshot tells the node's own setting. */
    private static final int NODE_DEFAULT_IMPULSES = 1000;

    private final GatewayLines lines = new GatewayLines();
    private final Map<String, Integer> impulsesPerKwh = new ConcurrentHashMap<>();
    private final Set<String> scaleLogged = ConcurrentHashMap.newKeySet();
    private MeterNodes nodes;
    private volatile String networkId = "0.0.1.1";

    @Override
    public String getDataFormatName() {
        return "meterman";
    }

    @Override
    protected Object read(Exchange exchange, byte[] bytes) throws MetermanRejectedException {
        if (exchange.getMessage().getHeader(FramingConstants.FRAME_STATUS) == Frame.Status.OVERSIZED) {
            throw new MetermanRejectedException("line longer than the frame limit (" + bytes.length + " bytes kept)");
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        // the gateway snapshot carries the network's AES key: the line's text must not outlive this method
        exchange.getMessage().setBody(null);
        GatewayMessage m;
        synchronized (lines) {
            m = lines.read(text);
        }
        if (m == null) {
            return List.of();
        }
        exchange.getMessage().setHeader(MESSAGE, m);
        return readings(m, Instant.ofEpochMilli(exchange.getClock().getCreated()));
    }

    /** The readings in one message; {@code received} stamps what carries no time of its own. */
    public List<Reading> readings(GatewayMessage m, Instant received) throws MetermanRejectedException {
        return switch (m.type()) {
            case "MUP_" -> update(m, false);
            case "MUPC" -> update(m, true);
            case "MREB" -> rebase(m);
            case "NOSNAP" -> snapshot(m, received);
            case "GWSNAP" -> gateway(m);
            case "GMSG" -> message(m);
            case "NDARK" -> List.of(nodes.dark(node(m), Instant.ofEpochSecond(time(field(m, 1, "last seen")))).reading());
            default -> List.of();
        };
    }

    private List<Reading> update(GatewayMessage m, boolean withCurrent) throws MetermanRejectedException {
        String node = node(m);
        long finish = time(field(m, 2, "finish time"));
        long cumulative = number(field(m, 3, "cumulative Wh"), 0, MAX_WH, "cumulative Wh");
        if (m.details().isEmpty() || m.details().size() > MAX_ENTRIES) {
            throw new MetermanRejectedException(m.type() + " from node " + node + " has " + m.details().size() + " entries");
        }
        List<Reading> out = new ArrayList<>(m.details().size() + 1);
        double scale = scale(node);
        long end = finish;
        long total = cumulative;
        int firstDuration = 0;
        for (List<String> entry : m.details()) {
            if (entry.size() != (withCurrent ? 3 : 2)) {
                throw new MetermanRejectedException(m.type() + " from node " + node + ": entry '" + Quoted.shorten(String.join(",", entry), 40) + "' is not duration,Wh" + (withCurrent ? ",A" : ""));
            }
            long duration = number(entry.get(0), 1, 86_400, "interval duration");
            // 1 MW for the whole interval is beyond any home: such a value is a garbled message, not a reading
            long wh = number(entry.get(1), 0, duration * 278, "interval Wh");
            Instant start = Instant.ofEpochSecond(end + 1);
            end += duration;
            total += wh;
            firstDuration = firstDuration == 0 ? (int) duration : firstDuration;
            Reading.Builder r = electricity(node, start)
                    .field(Fields.ENERGY_IMPORT_INTERVAL_KWH, wh * scale / 1000.0)
                    .field(Fields.POWER_IMPORT_W, wh * scale * 3600.0 / duration)
                    .field(Fields.DURATION_S, duration)
                    .field(Fields.ENERGY_IMPORT_KWH, total * scale / 1000.0);
            if (withCurrent) {
                r.field(Fields.CURRENT_A, decimal(entry.get(2), "RMS current"));
            }
            out.add(r.build());
        }
        MeterNodes.Gap gap = nodes.update(node, finish, cumulative, end, total, firstDuration);
        if (gap != null) {
            String detail = gap.missedWh() >= 0
                    ? gap.missedWh() + " Wh over " + (gap.toFinish() - gap.fromFinish()) + " s (about " + gap.missedIntervals() + " intervals) lost"
                    : "the total went back by " + -gap.missedWh() + " Wh without a rebase";
            NodeEvent e = nodes.event(node, "GAP", detail + " between " + Instant.ofEpochSecond(gap.fromFinish() + 1)
                    + " and " + Instant.ofEpochSecond(gap.toFinish() + 1));
            out.add(0, Reading.builder(Fields.DEVICE).tag(Fields.TAG_METER, node).tag(Fields.TAG_SOURCE, SOURCE)
                    .field(Fields.EVENT, e.type()).field(Fields.EVENT_DETAIL, e.detail())
                    .field(Fields.MISSED_ENERGY_KWH, gap.missedWh() * scale / 1000.0).field(Fields.MISSED_S, gap.toFinish() - gap.fromFinish())
                    .time(Instant.ofEpochSecond(gap.fromFinish() + 1)).build());
        }
        return out;
    }

    private List<Reading> rebase(GatewayMessage m) throws MetermanRejectedException {
        String node = node(m);
        long time = time(field(m, 2, "time"));
        long cumulative = number(field(m, 3, "cumulative Wh"), 0, MAX_WH, "cumulative Wh");
        nodes.rebase(node, time, cumulative);
        nodes.event(node, "REBASE", "cumulative basis restarts at " + cumulative + " Wh");
        return List.of(electricity(node, Instant.ofEpochSecond(time))
                .field(Fields.ENERGY_IMPORT_KWH, cumulative * scale(node) / 1000.0).field(Fields.REBASE, 1L).build());
    }

    private List<Reading> snapshot(GatewayMessage m, Instant received) throws MetermanRejectedException {
        List<Reading> out = new ArrayList<>();
        for (List<String> record : allRecords(m)) {
            // firmware R10 sends last_A_rms after last_Wh (15 fields); the README's form has 14
            if (record.size() != 14 && record.size() != 15) {
                throw new MetermanRejectedException("NOSNAP record with " + record.size() + " fields (14 or 15 expected)");
            }
            int shift = record.size() - 14;
            String node = networkId + "." + number(record.get(0), 1, 254, "node id");
            int battery = (int) number(record.get(1), 0, 10_000, "battery mV");
            long uptime = number(record.get(2), 0, MAX_WH, "uptime");
            int drift = (int) number(record.get(6), -MAX_TIME, MAX_TIME, "clock drift");
            int interval = (int) number(record.get(7), 0, 65_535, "interval");
            int impulses = (int) number(record.get(8), 0, 65_535, "impulses per kWh");
            int rssi = (int) number(record.get(13 + shift), -200, 0, "RSSI");
            NodeEvent lowBattery = nodes.snapshot(node, battery, uptime, drift, interval, impulses, rssi);
            out.add(Reading.builder(Fields.DEVICE).tag(Fields.TAG_METER, node).tag(Fields.TAG_SOURCE, SOURCE)
                    .field(Fields.BATTERY_MV, (long) battery).field(Fields.RSSI_DBM, (long) rssi)
                    .field(Fields.CLOCK_DRIFT_S, (long) drift).field(Fields.UPTIME_S, uptime)
                    .field(Fields.INTERVAL_S, (long) interval).field(Fields.IMPULSES_PER_KWH, (long) impulses)
                    .time(received).build());
            if (lowBattery != null) {
                out.add(lowBattery.reading());
            }
        }
        return out;
    }

    private static List<List<String>> allRecords(GatewayMessage m) {
        List<List<String>> all = new ArrayList<>();
        all.add(m.header());
        all.addAll(m.details());
        return all;
    }

    private List<Reading> gateway(GatewayMessage m) throws MetermanRejectedException {
        String network = field(m, 6, "network id");
        if (!network.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new MetermanRejectedException("GWSNAP network id '" + Quoted.shorten(network, 40) + "' is not like 0.0.1.1");
        }
        networkId = network;
        return List.of();
    }

    private List<Reading> message(GatewayMessage m) throws MetermanRejectedException {
        String node = node(m);
        String text = String.join(",", m.header().subList(Math.min(2, m.header().size()), m.header().size()));
        if (text.startsWith("BOOT")) {
            return List.of(nodes.event(node, "BOOT", text).reading());
        }
        nodes.seen(node);
        return List.of();
    }

    /**
     * The node turns pulses into Wh with its own impulses per kWh; where the meter's real rate is configured here and
     * differs (a node set up with the default 1000 on a 3200 imp/kWh meter), its values are scaled to it.
     */
    private double scale(String node) {
        Integer configured = impulsesPerKwh.get(node);
        if (configured == null) {
            return 1;
        }
        Integer reported = nodes.impulsesPerKwh(node);
        int own = reported != null && reported > 0 ? reported : NODE_DEFAULT_IMPULSES;
        if (own != configured && scaleLogged.add(node + "/" + own)) {
            LOG.warn("meterman node {} counts at {} impulses per kWh, its meter has {}: its values are scaled", node, own, configured);
        }
        return (double) own / configured;
    }

    private Reading.Builder electricity(String node, Instant time) {
        return Reading.builder(Fields.ELECTRICITY).tag(Fields.TAG_METER, node).tag(Fields.TAG_SOURCE, SOURCE).time(time);
    }

    private String node(GatewayMessage m) throws MetermanRejectedException {
        return networkId + "." + number(field(m, 0, "node id"), 1, 254, "node id");
    }

    private static String field(GatewayMessage m, int index, String what) throws MetermanRejectedException {
        String value = m.header(index);
        if (value == null || value.isEmpty()) {
            throw new MetermanRejectedException(m.type() + " without " + what + " (truncated)");
        }
        return value;
    }

    private static long time(String text) throws MetermanRejectedException {
        return number(text, MIN_TIME, MAX_TIME, "time (Unix seconds, 2017 to 2050)");
    }

    private static long number(String text, long min, long max, String what) throws MetermanRejectedException {
        long value;
        try {
            value = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new MetermanRejectedException(what + " '" + Quoted.shorten(text, 40) + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw new MetermanRejectedException(what + " " + value + " out of range " + min + "…" + max);
        }
        return value;
    }

    private static double decimal(String text, String what) throws MetermanRejectedException {
        try {
            double value = Double.parseDouble(text.strip());
            if (value >= 0 && value < 1000) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new MetermanRejectedException(what + " '" + Quoted.shorten(text, 40) + "' is not 0…1000");
    }

    public void setNodes(MeterNodes nodes) {
        this.nodes = nodes;
    }

    /**
     * The meter's impulses per kWh per node, where the node's own setting is wrong:
     * {@code 0.0.1.1.2=1000,0.0.1.1.3=3200}. Unlisted nodes are taken as they report.
     */
    public void setImpulsesPerKwh(String spec) {
        impulsesPerKwh.clear();
        if (spec == null || spec.isBlank()) {
            return;
        }
        for (String entry : spec.split(",")) {
            String[] kv = entry.strip().split("=");
            if (kv.length != 2 || !kv[1].strip().matches("\\d{1,5}") || Integer.parseInt(kv[1].strip()) == 0) {
                throw new IllegalArgumentException("impulses per kWh must be node=number entries, e.g. 0.0.1.1.3=3200: " + entry);
            }
            impulsesPerKwh.put(kv[0].strip(), Integer.parseInt(kv[1].strip()));
        }
    }

    /** The network id in node ids until the gateway's snapshot tells it (meterman's default is 0.0.1.1). */
    public void setNetworkId(String networkId) {
        this.networkId = networkId;
    }

    public long consoleLines() {
        return lines.consoleLines();
    }
}
