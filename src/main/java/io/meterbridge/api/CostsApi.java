package io.meterbridge.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.camel.Exchange;

import io.meterbridge.store.Aggregates;
import io.meterbridge.store.Series;
import io.meterbridge.store.Step;
import io.meterbridge.store.StoreQueries;
import io.meterbridge.store.StoreZone;
import io.meterbridge.tariff.Register;
import io.meterbridge.tariff.Tariff;

/**
 * Costs per period of a meter from the store's registers and the tariff file: each register's rise per 5 minutes
 * (the finest step the store keeps beyond its raw days) priced at that time's rate, so quarter-hourly and hourly
 * dynamic prices apply exactly; plus each day's fixed charges, on the period the day starts in, from the first day the
 * meter has readings (as the running costs count them). Energy whose
 * dynamic price is not known is answered as unpriced, not as free.
 */
public class CostsApi {

    /** One period's amounts. */
    static final class Amounts {
        double bought;
        double credit;
        double fixed;
        final Map<String, Double> units = new TreeMap<>();
        double unpriced;

        Map<String, Object> answer() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cost", ApiRequest.round(bought + fixed - credit));
            m.put("bought", ApiRequest.round(bought));
            m.put("credit", ApiRequest.round(credit));
            m.put("fixed", ApiRequest.round(fixed));
            units.forEach((register, amount) -> m.put(register, ApiRequest.round(amount)));
            if (unpriced > 0) {
                m.put("unpriced", ApiRequest.round(unpriced));
            }
            return m;
        }
    }

    private final StoreQueries queries;
    private final Tariff tariff;
    private final ZoneId zone;

    /** {@code tariff} null: no tariff file, every request is answered 404 with how to set one. */
    public CostsApi(StoreQueries queries, Tariff tariff, String zone) {
        this.queries = queries;
        this.tariff = tariff;
        this.zone = StoreZone.of(zone);
    }

    public String costs(Exchange exchange) throws Exception {
        ApiRequest request = new ApiRequest(exchange, zone);
        if (tariff == null) {
            throw new ApiException(404, "no tariffs: set tariff.file to a tariff file (tariffs.yaml is an example)");
        }
        String meter = request.name("meter");
        long[] range = request.range();
        Step period = Step.parse(request.optional("period", "1d"));
        if (period == Step.RAW || period == Step.MINUTE) {
            throw new ApiException(400, "period must be 5m, 1h, 1d or 1mo");
        }
        Map<String, List<String>> fields = new TreeMap<>();
        List<StoreQueries.FieldInfo> stored = ApiRequest.store(() -> queries.fields(meter));
        for (StoreQueries.FieldInfo f : stored) {
            fields.computeIfAbsent(f.measurement(), m -> new ArrayList<>()).add(f.field());
        }
        Map<Long, Amounts> periods = new TreeMap<>();
        Amounts total = new Amounts();
        Map<Register.Commodity, Boolean> commodities = new EnumMap<>(Register.Commodity.class);
        for (Map.Entry<String, List<String>> m : fields.entrySet()) {
            for (Register register : Register.of(m.getKey(), m.getValue())) {
                if (tariff.prices(register.commodity())) {
                    commodities.put(register.commodity(), true);
                    price(new Series(meter, m.getKey(), register.field()), register, range, period, periods, total);
                }
            }
        }
        if (commodities.isEmpty()) {
            throw new ApiException(404, "meter " + meter + " has no register the tariffs price (electricity import/export, gas)");
        }
        // fixed charges from the first day the meter has readings, as the running costs count them
        LocalDate first = stored.stream().map(StoreQueries.FieldInfo::first).min(Instant::compareTo).orElseThrow().atZone(tariff.zone()).toLocalDate();
        for (LocalDate day = Instant.ofEpochMilli(range[0]).atZone(tariff.zone()).toLocalDate(); ; day = day.plusDays(1)) {
            long start = day.atStartOfDay(tariff.zone()).toInstant().toEpochMilli();
            if (start >= range[1]) {
                break;
            }
            if (start >= range[0] && !day.isBefore(first)) {
                for (Register.Commodity c : commodities.keySet()) {
                    double fixed = tariff.perDay(c, day);
                    periods.computeIfAbsent(period.bucket(start, zone), p -> new Amounts()).fixed += fixed;
                    total.fixed += fixed;
                }
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        periods.forEach((start, amounts) -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("start", Instant.ofEpochMilli(start));
            p.putAll(amounts.answer());
            out.add(p);
        });
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("meter", meter);
        answer.put("currency", tariff.currency());
        answer.put("from", Instant.ofEpochMilli(range[0]));
        answer.put("to", Instant.ofEpochMilli(range[1]));
        answer.put("period", period.text());
        answer.put("zone", zone.getId());
        answer.put("total", total.answer());
        answer.put("periods", out);
        return request.answer(answer);
    }

    /** A register's rises per 5 minutes in the range, each priced at its time, summed per period. */
    private void price(Series series, Register register, long[] range, Step period, Map<Long, Amounts> periods, Amounts total) {
        Aggregates.EnergyCounter counter = new Aggregates.EnergyCounter(ApiRequest.store(() -> queries.before(series, range[0])),
                Step.FIVE_MINUTES, zone);
        ApiRequest.store(() -> queries.points(series, range[0], range[1], counter));
        String units = unitsName(register);
        counter.result().periods().forEach((time, rise) -> {
            Amounts in = periods.computeIfAbsent(period.bucket(time, zone), p -> new Amounts());
            double rate = tariff.rate(register, time);
            for (Amounts a : new Amounts[] { in, total }) {
                a.units.merge(units, rise, Double::sum);
                if (Double.isNaN(rate)) {
                    a.unpriced += rise;
                } else if (register.export()) {
                    a.credit += rise * rate;
                } else {
                    a.bought += rise * rate;
                }
            }
        });
    }

    /** The answer's name for a register's amount: import_t1_kwh, export_kwh, gas_m3 ... */
    private static String unitsName(Register register) {
        return register.commodity() == Register.Commodity.GAS ? "gas_" + register.name() : register.name() + "_kwh";
    }
}
