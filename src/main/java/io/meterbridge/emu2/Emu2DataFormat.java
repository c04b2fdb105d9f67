package io.meterbridge.emu2;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.meterbridge.reading.FieldLimits;
import io.meterbridge.reading.Fields;
import io.meterbridge.reading.Reading;
import io.meterbridge.reading.ReadingDataFormat;

/**
 * The {@code emu2} data format: one Rainforest EMU-2 / RAVEn fragment in, its readings out, tagged with the meter's
 * MAC. Demand is signed (an export arrives negative), values are raw × Multiplier / Divisor with 0 read as 1,
 * times count from 2000-01-01 UTC, and a fragment without a time gets the time it was received. A total that goes
 * backwards, or that has the sign bit of its field set, is flagged (logged, counted) and not written: a meter
 * total never decreases, and a wrong total poisons every energy-per-period figure after it. Fragments without
 * readings (device, meter and schedule info) are passed on in a header for the command bean; unknown roots are
 * counted and kept raw for the route, never fatal.
 */
public class Emu2DataFormat extends ReadingDataFormat {

    public static final String SOURCE = "emu2";
    /** Header: the parsed {@link Fragment}, for {@link Emu2Commands}. */
    public static final String FRAGMENT = "MeterbridgeEmu2Fragment";
    /** Header: the text of a fragment whose root this format does not know, to keep. */
    public static final String UNKNOWN = "MeterbridgeEmu2Unknown";

    private static final Logger LOG = LoggerFactory.getLogger(Emu2DataFormat.class);

    private final Map<String, BigDecimal> lastTotals = new ConcurrentHashMap<>();
    private FieldLimits limits = FieldLimits.DEFAULT;
    private final AtomicLong unknown = new AtomicLong();
    private final AtomicLong flagged = new AtomicLong();

    @Override
    public String getDataFormatName() {
        return "emu2";
    }

    @Override
    protected Object read(Exchange exchange, byte[] bytes) throws FragmentRejectedException {
        Fragment f = FragmentReader.read(bytes);
        exchange.getMessage().setHeader(FRAGMENT, f);
        if (Emu2Roots.canonical(f.root()) == null) {
            // DeviceInfo and MeterInfo are known roots, so their secrets never come here
            long n = unknown.incrementAndGet();
            LOG.info("EMU-2 sent <{}>, which meterbridge does not read; kept raw ({} unknown fragments so far)", f.root(), n);
            exchange.getMessage().setHeader(UNKNOWN, f.raw());
        }
        return readings(f, Instant.ofEpochMilli(exchange.getClock().getCreated()));
    }

    /** The readings in a fragment; {@code received} is the time for fragments that carry none. */
    public List<Reading> readings(Fragment f, Instant received) throws FragmentRejectedException {
        String meter = f.meter();
        if (meter == null && !f.root().equals("Warning")) {
            throw new FragmentRejectedException("EMU-2 fragment <" + f.root() + "> rejected: no DeviceMacId or MeterMacId");
        }
        Instant time = Hex.time(f.get("TimeStamp"));
        Instant at = time != null ? time : received;
        List<Reading> out = new ArrayList<>(1);
        switch (f.root()) {
            case "InstantaneousDemand" -> {
                BigInteger raw = Hex.unsigned(f.get("Demand"));
                if (raw != null) {
                    double watts = Hex.scaled(Hex.signed32(raw), f).movePointRight(3).doubleValue();
                    check(meter, Fields.POWER_NET_W, watts);
                    out.add(electricity(meter, at)
                            .field(Fields.POWER_IMPORT_W, Math.max(watts, 0))
                            .field(Fields.POWER_EXPORT_W, Math.max(-watts, 0))
                            .field(Fields.POWER_NET_W, watts).build());
                }
            }
            case "CurrentSummationDelivered" -> {
                Reading.Builder r = electricity(meter, at);
                boolean any = total(f, "SummationDelivered", meter, Fields.ENERGY_IMPORT_KWH, r);
                any |= total(f, "SummationReceived", meter, Fields.ENERGY_EXPORT_KWH, r);
                if (any) {
                    out.add(r.build());
                }
            }
            case "CurrentPeriodUsage" -> period(f, "CurrentUsage", meter, at, "energy_period_kwh", out);
            case "LastPeriodUsage" -> period(f, "LastUsage", meter, at, "energy_last_period_kwh", out);
            case "PriceCluster" -> {
                BigInteger price = Hex.unsigned(f.get("Price"));
                if (price != null && price.signum() > 0) { // 0: no price set
                    BigInteger trailing = Hex.unsigned(f.get("TrailingDigits"));
                    Reading.Builder r = electricity(meter, at)
                            .field("price_unit_rate", new BigDecimal(price, trailing == null ? 0 : trailing.intValue()).doubleValue());
                    String currency = currency(f.get("Currency"));
                    if (currency != null) {
                        r.field("price_currency", currency);
                    }
                    BigInteger tier = Hex.unsigned(f.get("Tier"));
                    if (tier != null) {
                        r.field("price_tier", tier.longValue());
                    }
                    out.add(r.build());
                }
            }
            case "ConnectionStatus", "NetworkInfo" -> {
                String status = f.get("Status");
                BigInteger link = Hex.unsigned(f.get("LinkStrength"));
                if (status != null) {
                    String device = f.get("DeviceMacId") != null ? Hex.mac(f.get("DeviceMacId")) : meter;
                    Reading.Builder r = Reading.builder("device").tag(Fields.TAG_METER, device)
                            .tag(Fields.TAG_SOURCE, SOURCE).time(received).field("han_status", status);
                    if (link != null) {
                        r.field("han_link_pct", link.longValue());
                    }
                    out.add(r.build());
                }
            }
            default -> {
                // information without readings (device, meter, schedule), a Warning, or a root read() kept raw
            }
        }
        return out;
    }

    private static Reading.Builder electricity(String meter, Instant at) {
        return Reading.builder(Fields.ELECTRICITY).tag(Fields.TAG_METER, meter).tag(Fields.TAG_SOURCE, SOURCE).time(at);
    }

    private boolean total(Fragment f, String child, String meter, String field, Reading.Builder r) throws FragmentRejectedException {
        String text = f.get(child);
        BigInteger raw = Hex.unsigned(text);
        if (raw == null) {
            return false;
        }
        int digits = Hex.digits(text);
        if ((digits <= 8 && raw.testBit(31)) || (digits > 8 && raw.testBit(63))) {
            flag(meter, field, "has its sign bit set (" + text + ")");
            return false;
        }
        BigDecimal value = Hex.scaled(raw, f);
        check(meter, field, value.doubleValue()); // before it can become the total the next ones are compared with
        String key = meter + "/" + field;
        BigDecimal last = lastTotals.get(key);
        if (last != null && value.compareTo(last) < 0) {
            flag(meter, field, "went back from " + last.toPlainString() + " to " + value.toPlainString() + " kWh");
            return false;
        }
        lastTotals.put(key, value);
        r.field(field, value.doubleValue());
        return true;
    }

    private void period(Fragment f, String child, String meter, Instant at, String field, List<Reading> out) throws FragmentRejectedException {
        BigInteger raw = Hex.unsigned(f.get(child));
        if (raw != null) {
            // signed: with solar the period's net usage can be negative
            double value = Hex.scaled(Hex.signed32(raw), f).doubleValue();
            check(meter, field, value);
            out.add(electricity(meter, at).field(field, value).build());
        }
    }

    /** Rejects the fragment for a value no meter reports (beyond the limits, a negative total). */
    private void check(String meter, String field, double value) throws FragmentRejectedException {
        String problem = limits.problem(field, value);
        if (problem != null) {
            throw new FragmentRejectedException("EMU-2 meter " + meter + ": " + problem);
        }
    }

    /** The limits of what a meter reports (the fieldLimits bean); the shipped ones if none is set. */
    public void setLimits(FieldLimits limits) {
        this.limits = limits;
    }

    private void flag(String meter, String field, String why) {
        long n = flagged.incrementAndGet();
        LOG.warn("EMU-2 meter {}: {} {}; not written ({} flagged so far)", meter, field, why, n);
    }

    /** ISO 4217 numeric (0x348 = 840) as its letter code, USD. */
    private static String currency(String hex) {
        BigInteger code = Hex.unsigned(hex);
        if (code == null) {
            return null;
        }
        for (Currency c : Currency.getAvailableCurrencies()) {
            if (c.getNumericCode() == code.intValue()) {
                return c.getCurrencyCode();
            }
        }
        return null;
    }

    public long unknownFragments() {
        return unknown.get();
    }

    public long flaggedTotals() {
        return flagged.get();
    }
}
