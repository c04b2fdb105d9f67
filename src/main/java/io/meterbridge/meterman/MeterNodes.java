package io.meterbridge.meterman;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.type.TypeReference;

import io.meterbridge.reading.Json;
import io.meterbridge.state.AtomicFile;
import io.meterbridge.reading.Reading;

/**
 * Every MeterNode the gateway has heard of, and their health: the one place that knows where each node's updates
 * left off (so a lost update is seen as a gap), what its last snapshot said, and which nodes went silent. Shared by
 * the data format (which feeds it), the watch route (which notices silence), the health check and the REST API.
 */
public class MeterNodes {

    private static final Logger LOG = LoggerFactory.getLogger(MeterNodes.class);
    /** Events kept in memory for the API; the store keeps them all (they also travel as readings). */
    private static final int MAX_EVENTS = 500;

    private final Map<String, MeterNode> nodes = new TreeMap<>();
    private final Deque<NodeEvent> events = new ArrayDeque<>();
    private Clock clock = Clock.systemUTC();
    private Duration silentAfter = Duration.ofSeconds(600);
    private int lowBatteryMv = 3000;
    private int weakRssiDbm = -90;
    private int maxClockDriftS = 5;

    private Path stateFile;

    /** A gap, if this update's header does not continue where the node's previous update ended. */
    record Gap(long fromFinish, long toFinish, long missedWh, long missedIntervals) {
    }

    /**
     * An update whose header is (finish, cumulative Wh) and whose last entry ends at (lastFinish, lastWh). Returns
     * the gap before it, if any; throws if it is older than what the node already sent (a repeat).
     */
    synchronized Gap update(String uuid, long finish, long cumulativeWh, long lastFinish, long lastWh, int intervalS)
            throws MetermanRejectedException {
        MeterNode node = heard(uuid);
        Gap gap = null;
        if (node.lastFinish >= 0) {
            if (finish < node.lastFinish) {
                throw new MetermanRejectedException("node " + uuid + ": update from " + Instant.ofEpochSecond(finish + 1)
                        + " repeats or precedes what it sent up to " + Instant.ofEpochSecond(node.lastFinish + 1));
            }
            // after a rebase the node starts its first interval at the next aligned boundary: only the Wh must match
            boolean continues = cumulativeWh == node.lastCumulativeWh && (finish == node.lastFinish || node.rebased);
            if (!continues) {
                long seconds = finish - node.lastFinish;
                long intervals = intervalS > 0 ? Math.round((double) seconds / intervalS) : 0;
                gap = new Gap(node.lastFinish, finish, cumulativeWh - node.lastCumulativeWh, intervals);
                node.gaps++;
                node.missedIntervals += intervals;
                node.missedWh += Math.max(0, gap.missedWh());
            }
        }
        node.lastFinish = lastFinish;
        node.lastCumulativeWh = lastWh;
        node.rebased = false;
        if (node.intervalS == null && intervalS > 0) {
            node.intervalS = intervalS;
        }
        save();
        return gap;
    }

    /** The node's cumulative basis restarts (boot, value set, wrap): the next update continues from here. */
    synchronized void rebase(String uuid, long time, long cumulativeWh) {
        MeterNode node = heard(uuid);
        node.lastFinish = time;
        node.lastCumulativeWh = cumulativeWh;
        node.rebased = true;
        save();
    }

    /** A node snapshot (NOSNAP); returns the LOW_BATTERY event when the battery just fell below the limit. */
    synchronized NodeEvent snapshot(String uuid, int batteryMv, long uptimeS, int clockDriftS, int intervalS, int impulsesPerKwh, int rssiDbm) {
        MeterNode node = nodes.computeIfAbsent(uuid, MeterNode::new);
        boolean wasLow = node.batteryMv != null && node.batteryMv < lowBatteryMv;
        node.batteryMv = batteryMv;
        node.uptimeS = uptimeS;
        node.clockDriftS = clockDriftS;
        node.intervalS = intervalS;
        node.impulsesPerKwh = impulsesPerKwh;
        node.rssiDbm = rssiDbm;
        save();
        if (batteryMv < lowBatteryMv && !wasLow) {
            return event(uuid, "LOW_BATTERY", batteryMv + " mV, below " + lowBatteryMv + " mV: replace the batteries");
        }
        return null;
    }

    /** The gateway reports the node dark (NDARK): nothing from it for over 600 s. */
    synchronized NodeEvent dark(String uuid, Instant lastSeen) {
        MeterNode node = nodes.computeIfAbsent(uuid, MeterNode::new);
        node.dark = true;
        return event(uuid, "DARK", "the gateway last heard it at " + lastSeen);
    }

    /** Nodes silent longer than allowed, each reported once per silence (and BACK when heard again), as readings. */
    public synchronized List<Reading> watch() {
        List<Reading> found = new ArrayList<>();
        Instant now = clock.instant();
        for (MeterNode node : nodes.values()) {
            if (!node.dark && node.lastSeen != null && Duration.between(node.lastSeen, now).compareTo(silentAfter) > 0) {
                node.dark = true;
                found.add(event(node.uuid, "DARK", "nothing heard since " + node.lastSeen).reading());
            }
        }
        return found;
    }

    synchronized NodeEvent event(String uuid, String type, String detail) {
        NodeEvent e = new NodeEvent(clock.instant(), uuid, type, detail);
        if (type.equals("BOOT") || type.equals("REBASE")) {
            LOG.info("meterman node {}: {} ({})", uuid, type, detail);
        } else {
            LOG.warn("meterman node {}: {} ({})", uuid, type, detail);
        }
        events.addLast(e);
        if (events.size() > MAX_EVENTS) {
            events.removeFirst();
        }
        return e;
    }

    /** Any message from the node: it is alive. */
    private MeterNode heard(String uuid) {
        MeterNode node = nodes.computeIfAbsent(uuid, MeterNode::new);
        node.lastSeen = clock.instant();
        if (node.dark) {
            node.dark = false;
            event(uuid, "BACK", "heard again");
        }
        return node;
    }

    /** The impulses per kWh the node last reported, or null. */
    synchronized Integer impulsesPerKwh(String uuid) {
        MeterNode node = nodes.get(uuid);
        return node == null ? null : node.impulsesPerKwh;
    }

    synchronized void seen(String uuid) {
        heard(uuid);
    }

    public synchronized List<NodeHealth> health() {
        Instant now = clock.instant();
        List<NodeHealth> all = new ArrayList<>();
        for (MeterNode n : nodes.values()) {
            all.add(new NodeHealth(n.uuid, alerts(n, now), n.lastSeen, n.batteryMv, n.rssiDbm, n.clockDriftS, n.intervalS,
                    n.impulsesPerKwh, n.uptimeS, n.lastFinish < 0 ? null : Instant.ofEpochSecond(n.lastFinish + 1),
                    n.lastFinish < 0 ? null : n.lastCumulativeWh, n.gaps, n.missedIntervals, n.missedWh));
        }
        return all;
    }

    /** The newest events first, of one node or (node null) of all. */
    public synchronized List<NodeEvent> events(String node, int limit) {
        List<NodeEvent> found = new ArrayList<>();
        for (var it = events.descendingIterator(); it.hasNext() && found.size() < limit;) {
            NodeEvent e = it.next();
            if (node == null || node.equals(e.node())) {
                found.add(e);
            }
        }
        return found;
    }

    private List<String> alerts(MeterNode n, Instant now) {
        List<String> alerts = new ArrayList<>();
        if (n.dark || n.lastSeen == null || Duration.between(n.lastSeen, now).compareTo(silentAfter) > 0) {
            alerts.add("SILENT");
        }
        if (n.batteryMv != null && n.batteryMv < lowBatteryMv) {
            alerts.add("LOW_BATTERY");
        }
        if (n.rssiDbm != null && n.rssiDbm < weakRssiDbm) {
            alerts.add("WEAK_LINK");
        }
        if (n.clockDriftS != null && Math.abs(n.clockDriftS) > maxClockDriftS) {
            alerts.add("CLOCK_DRIFT");
        }
        if (n.gaps > 0) {
            alerts.add("MISSED_INTERVALS");
        }
        return alerts;
    }

    /**
     * Where the nodes' state is kept between runs (written after every update, atomically). A file that cannot be
     * read is reported and set aside: the nodes start unknown, which only skips the gap check of their next update.
     */
    public synchronized void setStateFile(String file) {
        stateFile = Path.of(file);
        if (!Files.exists(stateFile)) {
            return;
        }
        try {
            for (MeterNode n : Json.MAPPER.readValue(stateFile.toFile(), new TypeReference<List<MeterNode>>() { })) {
                nodes.put(n.uuid, n);
            }
        } catch (IOException e) {
            Path aside = stateFile.resolveSibling(stateFile.getFileName() + ".unreadable");
            LOG.warn("meterman node state {} unreadable ({}); moved to {}, nodes start unknown", stateFile, e.getMessage(), aside);
            try {
                Files.move(stateFile, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                LOG.warn("and it cannot be moved: {}", moveFailed.getMessage());
            }
        }
    }

    private void save() {
        if (stateFile == null) {
            return;
        }
        try {
            AtomicFile.replace(stateFile, Json.MAPPER.writeValueAsBytes(nodes.values()));
        } catch (IOException e) {
            LOG.warn("meterman node state not saved to {}: {}", stateFile, e.getMessage());
        }
    }

    public void setClock(Clock clock) {
        this.clock = clock;
    }

    /** A node not heard from for this long (ms) is SILENT: by default twice the longest a node waits between updates. */
    public void setSilentAfter(long millis) {
        this.silentAfter = Duration.ofMillis(millis);
    }

    public void setLowBatteryMv(int lowBatteryMv) {
        this.lowBatteryMv = lowBatteryMv;
    }

    public void setWeakRssiDbm(int weakRssiDbm) {
        this.weakRssiDbm = weakRssiDbm;
    }

    public void setMaxClockDriftS(int maxClockDriftS) {
        this.maxClockDriftS = maxClockDriftS;
    }
}
