package io.meterbridge.tariff;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.type.TypeReference;

import io.meterbridge.reading.Fields;
import io.meterbridge.reading.Json;
import io.meterbridge.reading.Reading;
import io.meterbridge.state.AtomicFile;
import io.meterbridge.tariff.Register.Commodity;

/**
 * What each meter has cost so far, as readings for every sink (measurement {@code cost}): the hub hands it every
 * message, and it adds, at most once per interval per meter, a reading of running totals (energy bought, credit for
 * energy fed in, fixed charges, net) in the tariff's currency and the price of the moment. Totals run like a meter's
 * registers, so any period's cost is the difference of two values (Grafana, Home Assistant's Energy dashboard).
 *
 * <p>Each rise of a register is priced when it is seen, at the price of that time; a rise with no known price (the
 * day's dynamic prices not fetched yet) is kept back and priced once a price is known, never dropped. The totals are
 * saved with the register values they cover, so after a crash the rises since the last save are priced again once,
 * from the saved values: nothing counted twice, nothing left out. Fixed charges count every day, also days the
 * gateway was off.
 */
public class CostMeter extends ServiceSupport implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(CostMeter.class);
    static final String MEASUREMENT = "cost";
    /** A meter's clock far in the future must not charge years of fixed charges. */
    private static final int MAX_DAYS_AHEAD = 1;

    /** One meter's running costs and the register values they cover. */
    static final class Totals {
        public String since;
        public LocalDate day;
        public double bought;
        public double credit;
        public double fixed;
        public Map<String, Double> registers = new TreeMap<>();
        long emitted = Long.MIN_VALUE;
    }

    private final Tariff tariff;
    private final Path stateFile;
    private final long intervalMillis;
    private final Map<String, Totals> meters = new HashMap<>();
    private final java.util.Set<String> unpricedSaid = new java.util.HashSet<>();
    /** When the state file was last written (reading time): once per interval for all meters, not once per meter. */
    private long saved = Long.MIN_VALUE;

    public CostMeter(Tariff tariff, Path stateFile, long intervalMillis) {
        this.tariff = tariff;
        this.stateFile = stateFile;
        this.intervalMillis = intervalMillis;
    }

    @Override
    protected void doStart() throws IOException {
        if (Files.exists(stateFile)) {
            meters.putAll(Json.MAPPER.readValue(stateFile.toFile(), new TypeReference<Map<String, Totals>>() {
            }));
        }
    }

    @Override
    protected void doStop() {
        save();
    }

    @Override
    public void process(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        List<Reading> costs = null;
        if (body instanceof Reading r) {
            costs = add(r, null);
        } else if (body instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Reading r) {
                    costs = add(r, costs);
                }
            }
        }
        if (costs != null) {
            List<Object> out = new ArrayList<>(body instanceof List<?> list ? list : List.of(body));
            out.addAll(costs);
            exchange.getIn().setBody(out);
        }
    }

    private List<Reading> add(Reading reading, List<Reading> costs) {
        Reading cost = cost(reading);
        if (cost == null) {
            return costs;
        }
        List<Reading> out = costs == null ? new ArrayList<>(2) : costs;
        out.add(cost);
        return out;
    }

    /** The running costs after this reading, when it is time to send them; null otherwise. */
    synchronized Reading cost(Reading reading) {
        String meter = reading.tag(Fields.TAG_METER);
        List<Register> registers = Register.of(reading.measurement(), reading.fields().keySet());
        if (meter == null || registers.isEmpty() || !tariff.prices(registers.get(0).commodity())) {
            return null;
        }
        Commodity commodity = registers.get(0).commodity();
        long time = reading.time().toEpochMilli();
        Totals totals = meters.computeIfAbsent(meter + "/" + commodity.text(), k -> {
            Totals t = new Totals();
            t.since = reading.time().toString();
            return t;
        });
        chargeDays(totals, commodity, time);
        for (Register register : registers) {
            if (reading.field(register.field()) instanceof Number n) {
                price(totals, register, n.doubleValue(), time, meter);
            }
        }
        if (totals.emitted != Long.MIN_VALUE && time >= totals.emitted && time - totals.emitted < intervalMillis) {
            return null;
        }
        totals.emitted = time;
        if (saved == Long.MIN_VALUE || time < saved || time - saved >= intervalMillis) {
            saved = time;
            save();
        }
        return reading(reading, meter, commodity, registers, totals, time);
    }

    private void chargeDays(Totals totals, Commodity commodity, long time) {
        LocalDate day = Instant.ofEpochMilli(time).atZone(tariff.zone()).toLocalDate();
        LocalDate latest = LocalDate.now(tariff.zone()).plusDays(MAX_DAYS_AHEAD);
        if (totals.day == null) {
            totals.day = day;
            totals.fixed += tariff.perDay(commodity, day);
        }
        while (totals.day.isBefore(day) && totals.day.isBefore(latest)) {
            totals.day = totals.day.plusDays(1);
            totals.fixed += tariff.perDay(commodity, totals.day);
        }
    }

    private void price(Totals totals, Register register, double value, long time, String meter) {
        Double before = totals.registers.get(register.name());
        if (before == null || value < before) { // first seen, or the meter was replaced or reset: a new baseline
            totals.registers.put(register.name(), value);
            return;
        }
        double rate = tariff.rate(register, time);
        if (Double.isNaN(rate)) {
            if (unpricedSaid.add(meter + register.name())) {
                LOG.warn("Tariff: no price for {} of meter {} at {}; its energy is priced once a price is known",
                        register.name(), meter, Instant.ofEpochMilli(time));
            }
            return;
        }
        unpricedSaid.remove(meter + register.name());
        double amount = (value - before) * rate;
        if (register.export()) {
            totals.credit += amount;
        } else {
            totals.bought += amount;
        }
        totals.registers.put(register.name(), value);
    }

    private Reading reading(Reading from, String meter, Commodity commodity, List<Register> registers, Totals totals, long time) {
        Map<String, String> tags = new TreeMap<>();
        tags.put(Fields.TAG_METER, meter);
        tags.put("commodity", commodity.text());
        tags.put("currency", tariff.currency());
        if (from.tag(Fields.TAG_SOURCE) != null) {
            tags.put(Fields.TAG_SOURCE, from.tag(Fields.TAG_SOURCE));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("cost_total", round(totals.bought + totals.fixed - totals.credit));
        fields.put("cost_import_total", round(totals.bought));
        fields.put("cost_fixed_total", round(totals.fixed));
        Register importing = importing(from, registers);
        putPrice(fields, "price_import", importing, time);
        for (Register r : registers) {
            if (r.export()) {
                fields.put("credit_export_total", round(totals.credit));
                putPrice(fields, "price_export", r, time);
                break;
            }
        }
        fields.put("cost_since", totals.since);
        return Reading.of(MEASUREMENT, tags, fields, from.time());
    }

    private void putPrice(Map<String, Object> fields, String name, Register register, long time) {
        double rate = register == null ? Double.NaN : tariff.rate(register, time);
        if (!Double.isNaN(rate)) {
            fields.put(name + "_per_" + (register.name().equals("m3") ? "m3" : "kwh"), round(rate));
        }
    }

    /** The import register in use: the one the meter's tariff indicator names (DSMR 0-0:96.14.0), else the first. */
    private static Register importing(Reading reading, List<Register> registers) {
        if (reading.field("tariff") instanceof Number indicator) {
            for (Register r : registers) {
                if (r.name().equals("import_t" + indicator.intValue())) {
                    return r;
                }
            }
        }
        return registers.stream().filter(r -> !r.export()).findFirst().orElse(null);
    }

    private static double round(double money) {
        return Math.round(money * 1e6) / 1e6;
    }

    private void save() {
        try {
            AtomicFile.replace(stateFile, Json.MAPPER.writeValueAsBytes(meters));
        } catch (IOException e) {
            LOG.warn("Tariff: running costs not saved to {} ({}); kept in memory", stateFile, e.getMessage());
        }
    }
}
