package io.meterbridge.tariff;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import io.meterbridge.reading.Quoted;
import io.meterbridge.tariff.Register.Commodity;

/**
 * A tariff file as read: the currency and, per commodity, the tariffs in force from a day on (the latest one not after
 * a reading's day applies, in the tariff zone). Every mistake in the file is one line naming where it is and what
 * is accepted there.
 *
 * <pre>
 * currency: EUR
 * electricity:
 *   - from: 2025-01-01
 *     import: { t1: 0.2712, t2: 0.2903 }   # per kWh per tariff register, or one number for all
 *     export: 0.07                         # credit per kWh fed in
 *     per-day: 0.81                        # fixed charges per day
 *   - from: 2025-07-01
 *     import: { dynamic: true, add: 0.147, multiply: 1.21 }   # (market price + add) × multiply
 * gas:
 *   - from: 2025-01-01
 *     per-m3: 1.41                         # or per-kwh, for a meter that reports gas as energy
 *     per-day: 0.66
 * </pre>
 */
final class Tariffs {

    /** One commodity's tariff from a day on: a rate per register name (import_t1, import, m3 ...), fixed charges per day. */
    record Period(LocalDate from, Map<String, Rate> rates, double perDay) {
    }

    private static final Set<String> TOP = Set.of("currency", "electricity", "gas");
    private static final Set<String> ELECTRICITY = Set.of("from", "import", "export", "per-day");
    private static final Set<String> GAS = Set.of("from", "per-m3", "per-kwh", "per-day");

    private final String currency;
    private final ZoneId zone;
    private final Map<Commodity, List<Period>> periods;

    private Tariffs(String currency, ZoneId zone, Map<Commodity, List<Period>> periods) {
        this.currency = currency;
        this.zone = zone;
        this.periods = periods;
    }

    String currency() {
        return currency;
    }

    ZoneId zone() {
        return zone;
    }

    boolean prices(Commodity commodity) {
        return !periods.get(commodity).isEmpty();
    }

    /** Whether any rate in the file is a dynamic one, so that a price source is needed. */
    boolean dynamic() {
        return periods.values().stream().flatMap(List::stream).flatMap(p -> p.rates().values().stream()).anyMatch(Rate.Dynamic.class::isInstance);
    }

    /** The price per unit of a register at a time; NaN where no tariff applies or its dynamic price is not known. */
    double rate(Register register, long time, Prices prices) {
        Period period = period(register.commodity(), Instant.ofEpochMilli(time).atZone(zone).toLocalDate());
        if (period == null) {
            return Double.NaN;
        }
        Rate rate = period.rates().get(register.name());
        if (rate == null && register.commodity() == Commodity.ELECTRICITY) {
            rate = period.rates().get(register.export() ? "export" : "import"); // one price for every tariff register
        }
        return rate == null ? Double.NaN : rate.at(time, prices);
    }

    /** The fixed charges of a day; 0 before the first tariff. */
    double perDay(Commodity commodity, LocalDate day) {
        Period period = period(commodity, day);
        return period == null ? 0 : period.perDay();
    }

    private Period period(Commodity commodity, LocalDate day) {
        Period found = null;
        for (Period p : periods.get(commodity)) {
            if (p.from().isAfter(day)) {
                break;
            }
            found = p;
        }
        return found;
    }

    static Tariffs parse(String yaml, String where, ZoneId zone) {
        Object root;
        try {
            root = new Load(LoadSettings.builder().setMaxAliasesForCollections(10).build()).loadFromString(yaml);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException(where + " is not YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<String, Object> top = map(root, where, TOP);
        Object currency = top.getOrDefault("currency", "EUR");
        if (!(currency instanceof String c) || !c.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException(where + ": currency = " + Quoted.shorten(String.valueOf(currency), 20)
                    + ": a three-letter currency code (EUR, GBP, USD)");
        }
        Map<Commodity, List<Period>> periods = new EnumMap<>(Commodity.class);
        periods.put(Commodity.ELECTRICITY, periods(top.get("electricity"), where + ": electricity", ELECTRICITY));
        periods.put(Commodity.GAS, periods(top.get("gas"), where + ": gas", GAS));
        if (periods.values().stream().allMatch(List::isEmpty)) {
            throw new IllegalArgumentException(where + ": no tariffs: add electricity: or gas: with at least one tariff");
        }
        return new Tariffs((String) currency, zone, periods);
    }

    private static List<Period> periods(Object node, String where, Set<String> keys) {
        List<Period> periods = new ArrayList<>();
        if (node == null) {
            return periods;
        }
        if (!(node instanceof List<?> list)) {
            throw new IllegalArgumentException(where + ": a list of tariffs, each starting with - from: <day>");
        }
        for (int i = 0; i < list.size(); i++) {
            String at = where + "[" + (i + 1) + "]";
            Map<String, Object> p = map(list.get(i), at, keys);
            LocalDate from = day(p.get("from"), at);
            if (!periods.isEmpty() && !from.isAfter(periods.get(periods.size() - 1).from())) {
                throw new IllegalArgumentException(at + ": from " + from + " must come after the tariff before it");
            }
            Map<String, Rate> rates = new HashMap<>();
            for (String direction : new String[] { "import", "export" }) {
                if (p.containsKey(direction)) {
                    registerRates(p.get(direction), direction, at + "." + direction, rates);
                }
            }
            for (String unit : new String[] { "m3", "kwh" }) {
                if (p.containsKey("per-" + unit)) {
                    rates.put(unit, rate(p.get("per-" + unit), at + ".per-" + unit));
                }
            }
            double perDay = p.containsKey("per-day") ? number(p.get("per-day"), at + ".per-day") : 0;
            periods.add(new Period(from, Map.copyOf(rates), perDay));
        }
        return List.copyOf(periods);
    }

    /** One rate for all registers of a direction, or one per tariff register (t1 ... t4). */
    private static void registerRates(Object node, String direction, String where, Map<String, Rate> rates) {
        if (node instanceof Map<?, ?> m && !m.containsKey("dynamic")) {
            Map<String, Object> perRegister = map(node, where, Set.of("t1", "t2", "t3", "t4"));
            perRegister.forEach((t, rate) -> rates.put(direction + "_" + t, rate(rate, where + "." + t)));
        } else {
            rates.put(direction, rate(node, where));
        }
    }

    private static Rate rate(Object node, String where) {
        if ("dynamic".equals(node)) {
            return new Rate.Dynamic(0, 1);
        }
        if (node instanceof Map<?, ?>) {
            Map<String, Object> d = map(node, where, Set.of("dynamic", "add", "multiply"));
            if (!Boolean.TRUE.equals(d.get("dynamic"))) {
                throw new IllegalArgumentException(where + ": { dynamic: true, add: <per unit>, multiply: <factor> } or a price");
            }
            return new Rate.Dynamic(d.containsKey("add") ? number(d.get("add"), where + ".add") : 0,
                    d.containsKey("multiply") ? number(d.get("multiply"), where + ".multiply") : 1);
        }
        return new Rate.Fixed(number(node, where));
    }

    private static double number(Object node, String where) {
        if (node instanceof Number n && Double.isFinite(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e6) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(where + " = " + Quoted.shorten(String.valueOf(node), 30) + ": a price, such as 0.2712");
    }

    private static LocalDate day(Object node, String where) {
        try {
            return LocalDate.parse(String.valueOf(node));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + ".from = " + Quoted.shorten(String.valueOf(node), 30)
                    + ": the first day the tariff applies, such as 2025-01-01");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node, String where, Set<String> keys) {
        if (!(node instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(where + ": expected " + String.join(", ", new java.util.TreeSet<>(keys)));
        }
        for (Object key : m.keySet()) {
            if (!keys.contains(String.valueOf(key))) {
                throw new IllegalArgumentException(where + ": " + Quoted.shorten(String.valueOf(key), 30) + " is not one of "
                        + String.join(", ", new java.util.TreeSet<>(keys)));
            }
        }
        return (Map<String, Object>) m;
    }
}
