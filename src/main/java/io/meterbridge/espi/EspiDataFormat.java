package io.meterbridge.espi;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.meterbridge.reading.Fields;
import io.meterbridge.reading.Reading;
import io.meterbridge.reading.ReadingDataFormat;

/**
 * The {@code espi} data format: a Green Button (NAESB ESPI) Atom feed or entry in, one reading per interval out,
 * oldest first. An IntervalBlock finds its series through its links (block {@code up} = the MeterReading's
 * IntervalBlock link, the MeterReading's {@code related} link = the ReadingType's {@code self}), because the
 * ReadingType says what the integers mean: unit, power of ten, direction. Blocks may come in any order and
 * overlap (PG&E sends whole days, again): an interval is written once per series and start. Times stay UTC epoch
 * seconds as ESPI sends them, so 23- and 25-hour days need nothing special. UsageSummary entries become one
 * reading per billing period.
 *
 * <p>Every reading's first field is its series' value field ({@link #series(Reading)} relies on it) and it carries
 * {@code duration_s}, so the PG&E history can tell which intervals it already has.
 */
public class EspiDataFormat extends ReadingDataFormat {

    /** The source tag when none is configured. */
    public static final String SOURCE = "espi";
    public static final String DURATION_S = Fields.DURATION_S;

    private static final Logger LOG = LoggerFactory.getLogger(EspiDataFormat.class);
    private static final Pattern USAGE_POINT = Pattern.compile("/UsagePoint/([^/?#]+)");
    /** Long.MAX_VALUE nanoseconds, in seconds: 2262-04-11T23:47:16Z. */
    private static final long LAST_STORABLE_SECOND = Long.MAX_VALUE / 1_000_000_000L;

    private String source = SOURCE;
    private int maxBytes = 64 * 1024 * 1024;
    private int maxElements = 5_000_000;
    private final AtomicLong skippedBlocks = new AtomicLong();
    private final Set<String> skipReasonsLogged = ConcurrentHashMap.newKeySet();

    @Override
    public String getDataFormatName() {
        return "espi";
    }

    /** The source tag of the readings: the feed they come from, e.g. pge for PG&E's Share My Data. */
    public void setSource(String source) {
        this.source = source;
    }

    /** Largest document accepted, in bytes (a year of 15-minute data is about 15 MB). */
    public void setMaxBytes(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Most elements accepted in one document. */
    public void setMaxElements(int maxElements) {
        this.maxElements = maxElements;
    }

    /** IntervalBlocks that gave no readings (no reading type found, a unit or direction not read). */
    public long skippedBlocks() {
        return skippedBlocks.get();
    }

    /** The series a reading of this format belongs to: measurement, tags and its value field. */
    public static String series(Reading r) {
        return r.measurement() + r.tags() + r.fields().keySet().iterator().next();
    }

    @Override
    protected Object read(Exchange exchange, byte[] bytes) throws EspiRejectedException {
        if (bytes.length > maxBytes) {
            throw new EspiRejectedException("document of " + bytes.length + " bytes, larger than the " + maxBytes + " allowed");
        }
        return readings(XmlTree.parse(bytes, maxElements));
    }

    List<Reading> readings(XmlTree.Node root) throws EspiRejectedException {
        List<XmlTree.Node> entries = XmlTree.entries(root);
        if (entries == null) {
            throw new EspiRejectedException("<" + root.name() + "> is not an Atom feed or entry");
        }
        Document document = new Document();
        Map<String, Reading> intervals = new LinkedHashMap<>();
        for (XmlTree.Node e : entries) {
            document.entry(e, r -> intervals.putIfAbsent(series(r) + "@" + r.time().getEpochSecond(), r));
        }
        document.finish(r -> intervals.putIfAbsent(series(r) + "@" + r.time().getEpochSecond(), r));
        List<Reading> out = new ArrayList<>(intervals.values());
        out.sort(Comparator.comparing(Reading::time));
        return out;
    }

    /**
     * A Green Button file of any size, read one entry at a time: the readings in batches of at most {@code batch}, as
     * a route's streaming split takes them, so memory stays flat (a 200 MB file under -Xmx64m, docs/OPERATIONS.md).
     * A block whose MeterReading or ReadingType comes later in the file waits until the end. Readings a file holds
     * twice are not dropped here; the sinks write each meter, field and time once.
     */
    public Iterator<List<Reading>> stream(InputStream in) throws EspiRejectedException {
        return batches(in, 1000);
    }

    Iterator<List<Reading>> batches(InputStream in, int batch) throws EspiRejectedException {
        XmlTree.EntryReader reader = new XmlTree.EntryReader(in, maxElements);
        Document document = new Document();
        return new Batches(reader, document, batch);
    }

    /** Pulls entries until a batch is full; closes the stream after the last. */
    private static final class Batches implements Iterator<List<Reading>>, java.io.Closeable {
        private final XmlTree.EntryReader reader;
        private final Document document;
        private final int size;
        private List<Reading> next;
        private boolean finished;

        Batches(XmlTree.EntryReader reader, Document document, int size) {
            this.reader = reader;
            this.document = document;
            this.size = size;
        }

        @Override
        public boolean hasNext() {
            if (next == null && !finished) {
                next = fill();
            }
            return next != null;
        }

        @Override
        public List<Reading> next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            List<Reading> batch = next;
            next = null;
            return batch;
        }

        private List<Reading> fill() {
            List<Reading> batch = new ArrayList<>(size);
            try {
                XmlTree.Node entry;
                while (batch.size() < size && (entry = reader.next()) != null) {
                    document.entry(entry, batch::add);
                }
                if (batch.size() < size) {
                    document.finish(batch::add);
                    finished = true;
                    close();
                }
            } catch (EspiRejectedException e) {
                close();
                finished = true;
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            return batch.isEmpty() ? null : batch;
        }

        @Override
        public void close() {
            reader.close();
        }
    }

    /** What one document has told so far, entry by entry, and the readings of each block once it can be read. */
    private final class Document {
        private final Map<String, ReadingType> readingTypes = new HashMap<>();
        private final Map<String, Entry> byBlockLink = new HashMap<>();
        private final Map<String, Integer> usagePointKinds = new HashMap<>();
        private final List<Entry> waiting = new ArrayList<>();
        private final List<Entry> summaries = new ArrayList<>();

        void entry(XmlTree.Node e, Consumer<Reading> out) throws EspiRejectedException {
            Entry entry = Entry.of(e);
            if (entry.content == null) {
                return;
            }
            switch (entry.kind()) {
                case "ReadingType" -> readingTypes.put(entry.self, ReadingType.of(entry.resource()));
                case "MeterReading" -> {
                    // the MeterReading a block's "up" link names: by its own IntervalBlock link, or by its self
                    byBlockLink.put(entry.self + "/IntervalBlock", entry);
                    for (String related : entry.related) {
                        byBlockLink.put(related, entry);
                    }
                }
                case "UsagePoint" -> {
                    XmlTree.Node category = entry.resource().child("ServiceCategory");
                    Long kind = category == null ? null : category.number("kind");
                    String id = usagePoint(entry.self);
                    if (kind != null && id != null) {
                        usagePointKinds.put(id, kind.intValue());
                    }
                }
                case "IntervalBlock" -> {
                    if (type(entry) != null) {
                        block(entry, out);
                    } else {
                        waiting.add(entry);
                    }
                }
                case "UsageSummary", "ElectricPowerUsageSummary" -> summaries.add(entry);
                default -> {
                    // LocalTimeParameters (times are UTC already), Authorization, quality summaries, ...
                }
            }
        }

        /** The blocks and summaries that waited for entries after them. */
        void finish(Consumer<Reading> out) throws EspiRejectedException {
            for (Entry block : waiting) {
                block(block, out);
            }
            waiting.clear();
            for (Entry summary : summaries) {
                Reading r = summary(summary, usagePointKinds);
                if (r != null) {
                    out.accept(r);
                }
            }
            summaries.clear();
        }

        private ReadingType type(Entry block) {
            Entry mr = meterReading(block);
            ReadingType type = null;
            for (int i = 0; mr != null && type == null && i < mr.related.size(); i++) {
                type = readingTypes.get(mr.related.get(i));
            }
            return type;
        }

        /**
         * The MeterReading a block belongs to, by the ESPI link model: the block's "up" link (the MeterReading's
         * IntervalBlock collection, or one of its "related" links), else the href hierarchy of the block's own
         * "self" (UsagePoint/x/MeterReading/y/IntervalBlock/z), as Opower-style exports link them.
         */
        private Entry meterReading(Entry block) {
            Entry mr = block.up == null ? null : byBlockLink.get(block.up);
            if (mr == null && block.self != null) {
                int collection = block.self.lastIndexOf("/IntervalBlock/");
                mr = collection < 0 ? null : byBlockLink.get(block.self.substring(0, collection + "/IntervalBlock".length()));
            }
            return mr;
        }

        private void block(Entry block, Consumer<Reading> out) throws EspiRejectedException {
            ReadingType type = type(block);
            String meter = usagePoint(block.up != null ? block.up : block.self);
            String skip = type == null ? "no ReadingType linked to it"
                    : !type.supported() ? "uom " + type.uom() + " is not a unit meterbridge reads"
                    : meter == null ? "no UsagePoint in its links" : null;
            if (skip != null) {
                skipped(block, skip);
                return;
            }
            String measurement = type.measurement(usagePointKinds.get(meter));
            // one entry may hold several blocks
            for (XmlTree.Node ib : block.content.all("IntervalBlock")) {
                for (XmlTree.Node ir : ib.all("IntervalReading")) {
                    out.accept(interval(ir, type, measurement, meter, source));
                }
            }
        }
    }

    private void skipped(Entry block, String reason) {
        long n = skippedBlocks.incrementAndGet();
        if (skipReasonsLogged.size() < 100 && skipReasonsLogged.add(reason)) {
            LOG.warn("ESPI IntervalBlock {} gives no readings: {} ({} such blocks so far; this reason is logged once)",
                    block.self, reason, n);
        }
    }

    private static Reading interval(XmlTree.Node ir, ReadingType type, String measurement, String meter, String source)
            throws EspiRejectedException {
        XmlTree.Node period = ir.child("timePeriod");
        Long start = period == null ? null : period.number("start");
        Long duration = period == null ? null : period.number("duration");
        Long value = ir.number("value");
        if (start == null || value == null) {
            throw new EspiRejectedException("an IntervalReading without timePeriod/start or value");
        }
        Reading.Builder b = Reading.builder(measurement).tag(Fields.TAG_METER, meter).tag(Fields.TAG_SOURCE, source);
        value(b, type, type.direction(), "interval", type.scaled(value));
        b.field(DURATION_S, duration != null ? duration : type.intervalLength() != null ? type.intervalLength() : 0L);
        Long cost = ir.number("cost");
        if (cost != null) {
            // ESPI costs are in 1/100,000 of the currency
            b.field("cost", BigDecimal.valueOf(cost).movePointLeft(5).doubleValue());
            b.field("cost_currency", type.currencyCode());
        }
        XmlTree.Node quality = ir.child("ReadingQuality");
        Long q = quality == null ? null : quality.number("quality");
        if (q != null) {
            b.field("quality", q.longValue());
        }
        return b.time(time(start, "IntervalReading")).build();
    }

    /**
     * ESPI times are seconds since 1970 (UTC). A time before 1970 or past 2262-04-11 (the last one InfluxDB's
     * nanosecond timestamps hold) is no meter's reading, so the document is rejected rather than a sink failing on it.
     */
    private static Instant time(long seconds, String what) throws EspiRejectedException {
        if (seconds < 0 || seconds > LAST_STORABLE_SECOND) {
            throw new EspiRejectedException("a " + what + " starting at " + seconds + " s, outside 1970-01-01..2262-04-11");
        }
        return Instant.ofEpochSecond(seconds);
    }

    /** The value field(s) of a series, in the unit the name says; gas in therms is written in kWh as well. */
    private static void value(Reading.Builder b, ReadingType type, String direction, String period, BigDecimal scaled) {
        String prefix = "energy_" + direction + "_" + period;
        switch (type.uom()) {
            case ReadingType.UOM_WH -> b.field(prefix + "_kwh", scaled.movePointLeft(3).doubleValue());
            case ReadingType.UOM_THERM -> {
                b.field(prefix + "_kwh", scaled.multiply(ReadingType.KWH_PER_THERM).doubleValue());
                b.field(prefix + "_therm", scaled.doubleValue());
            }
            case ReadingType.UOM_M3 -> b.field("volume_" + direction + "_" + period + "_m3", scaled.doubleValue());
            default -> b.field("volume_" + direction + "_" + period + "_m3", scaled.multiply(ReadingType.M3_PER_FT3).doubleValue());
        }
    }

    /** A billing period: what it cost and, where given, the energy it billed. */
    private Reading summary(Entry entry, Map<String, Integer> usagePointKinds) throws EspiRejectedException {
        XmlTree.Node s = entry.resource();
        XmlTree.Node period = s.child("billingPeriod");
        Long start = period == null ? null : period.number("start");
        Long bill = s.number("billLastPeriod");
        String meter = usagePoint(entry.up != null ? entry.up : entry.self);
        if (start == null || bill == null || meter == null) {
            return null;
        }
        Long duration = period.number("duration");
        Long currency = s.number("currency");
        Long commodity = s.number("commodity");
        ReadingType type = new ReadingType(ReadingType.UOM_WH, 0, 1, commodity == null ? null : commodity.intValue(),
                currency == null ? null : currency.intValue(), null);
        Reading.Builder b = Reading.builder(type.measurement(usagePointKinds.get(meter)))
                .tag(Fields.TAG_METER, meter).tag(Fields.TAG_SOURCE, source)
                .field("bill_amount", BigDecimal.valueOf(bill).movePointLeft(5).doubleValue())
                .field(DURATION_S, duration == null ? 0L : duration)
                .field("bill_currency", type.currencyCode());
        XmlTree.Node consumption = s.child("overallConsumptionLastPeriod");
        Long consumed = consumption == null ? null : consumption.number("value");
        if (consumed != null && Long.valueOf(ReadingType.UOM_WH).equals(consumption.number("uom"))) {
            Long pow = consumption.number("powerOfTenMultiplier");
            b.field("energy_billing_period_kwh", BigDecimal.valueOf(consumed)
                    .scaleByPowerOfTen(pow == null ? 0 : pow.intValue()).movePointLeft(3).doubleValue());
        }
        return b.time(time(start, "billing period")).build();
    }

    /** The UsagePoint id in a resource link (…/UsagePoint/5391320451/…), or null. */
    static String usagePoint(String link) {
        if (link == null) {
            return null;
        }
        Matcher m = USAGE_POINT.matcher(link);
        return m.find() ? m.group(1) : null;
    }

    /** An Atom entry's links and its content, whose first element is the kind of resource it holds. */
    private record Entry(String self, String up, List<String> related, XmlTree.Node content) {

        String kind() {
            return resource().name();
        }

        XmlTree.Node resource() {
            return content.children().get(0);
        }

        static Entry of(XmlTree.Node e) {
            String self = null;
            String up = null;
            List<String> related = new ArrayList<>();
            for (XmlTree.Node link : e.all("link")) {
                String href = link.attributes().get("href");
                switch (link.attributes().getOrDefault("rel", "")) {
                    case "self" -> self = href;
                    case "up" -> up = href;
                    case "related" -> related.add(href);
                    default -> {
                        // alternate, via: nothing to resolve
                    }
                }
            }
            XmlTree.Node content = e.child("content");
            return new Entry(self, up, related, content == null || content.children().isEmpty() ? null : content);
        }
    }
}
