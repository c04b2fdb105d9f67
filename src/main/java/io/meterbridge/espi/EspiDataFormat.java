package io.meterbridge.espi;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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
        Map<String, ReadingType> readingTypes = new HashMap<>();
        Map<String, Entry> meterReadings = new HashMap<>();
        Map<String, Integer> usagePointKinds = new HashMap<>();
        List<Entry> blocks = new ArrayList<>();
        List<Entry> summaries = new ArrayList<>();
        for (XmlTree.Node e : entries) {
            Entry entry = Entry.of(e);
            if (entry.content == null) {
                continue;
            }
            switch (entry.kind()) {
                case "ReadingType" -> readingTypes.put(entry.self, ReadingType.of(entry.resource()));
                case "MeterReading" -> meterReadings.put(entry.self, entry);
                case "UsagePoint" -> {
                    XmlTree.Node category = entry.resource().child("ServiceCategory");
                    Long kind = category == null ? null : category.number("kind");
                    String id = usagePoint(entry.self);
                    if (kind != null && id != null) {
                        usagePointKinds.put(id, kind.intValue());
                    }
                }
                case "IntervalBlock" -> blocks.add(entry);
                case "UsageSummary", "ElectricPowerUsageSummary" -> summaries.add(entry);
                default -> {
                    // LocalTimeParameters (times are UTC already), Authorization, quality summaries, ...
                }
            }
        }
        // the MeterReading a block's "up" link names: by the MeterReading's own IntervalBlock link, or by its self
        Map<String, Entry> byBlockLink = new HashMap<>();
        for (Entry mr : meterReadings.values()) {
            byBlockLink.put(mr.self + "/IntervalBlock", mr);
            for (String related : mr.related) {
                byBlockLink.put(related, mr);
            }
        }
        Map<String, Reading> intervals = new LinkedHashMap<>();
        for (Entry block : blocks) {
            Entry mr = byBlockLink.get(block.up);
            ReadingType type = null;
            for (int i = 0; mr != null && type == null && i < mr.related.size(); i++) {
                type = readingTypes.get(mr.related.get(i));
            }
            String meter = usagePoint(block.up != null ? block.up : block.self);
            String skip = type == null ? "no ReadingType linked to it"
                    : !type.supported() ? "uom " + type.uom() + " is not a unit meterbridge reads"
                    : meter == null ? "no UsagePoint in its links" : null;
            if (skip != null) {
                skipped(block, skip);
                continue;
            }
            String measurement = type.measurement(usagePointKinds.get(meter));
            // one entry may hold several blocks
            for (XmlTree.Node ib : block.content.all("IntervalBlock")) {
                for (XmlTree.Node ir : ib.all("IntervalReading")) {
                    Reading r = interval(ir, type, measurement, meter, source);
                    intervals.putIfAbsent(series(r) + "@" + r.time().getEpochSecond(), r);
                }
            }
        }
        for (Entry summary : summaries) {
            Reading r = summary(summary, usagePointKinds);
            if (r != null) {
                intervals.putIfAbsent(series(r) + "@" + r.time().getEpochSecond(), r);
            }
        }
        List<Reading> out = new ArrayList<>(intervals.values());
        out.sort(Comparator.comparing(Reading::time));
        return out;
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
        return b.time(Instant.ofEpochSecond(start)).build();
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
        return b.time(Instant.ofEpochSecond(start)).build();
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
