package io.meterbridge.api;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;

import io.meterbridge.reading.Fields;
import io.meterbridge.store.StoreZone;
import io.meterbridge.store.Aggregates;
import io.meterbridge.store.Step;
import io.meterbridge.store.Series;
import io.meterbridge.store.StoreQueries;

/**
 * The read side of the REST API (meterbridge/routes/api.camel.yaml in the jar): meters and their fields, latest values, values in a range
 * raw or aggregated per step, and energy per period from a cumulative total.
 */
public class ReadingsApi {

    /** One period's energy, in the unit of the cumulative field. */
    record Period(Instant start, double energy) {
    }

    private StoreQueries queries;
    private ZoneId zone = ZoneId.systemDefault();
    private int defaultLimit = 10_000;

    public String meters(Exchange exchange) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("zone", zone.getId());
        out.put("meters", ApiRequest.store(() -> queries.meters()));
        return new ApiRequest(exchange, zone).answer(out);
    }

    /** Each field's latest value, per measurement (or of the one measurement asked for). */
    public String latest(Exchange exchange) throws Exception {
        ApiRequest request = new ApiRequest(exchange, zone);
        String meter = request.name("meter");
        String measurement = measurementParameter(request);
        Map<String, Map<String, StoreQueries.Row>> latest = ApiRequest.store(() -> queries.latest(meter));
        if (measurement != null) {
            latest.keySet().retainAll(List.of(measurement));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("meter", meter);
        out.put("measurements", latest);
        return request.answer(out);
    }

    static String measurementParameter(ApiRequest request) {
        String measurement = request.optional("measurement", null);
        if (measurement != null) {
            ApiRequest.checkName(measurement, "measurement");
        }
        return measurement;
    }

    private Series series(ApiRequest request, String meter, String field) throws ApiException {
        String measurement = measurementParameter(request);
        return ApiRequest.store(() -> queries.series(meter, measurement, field));
    }

    public String readings(Exchange exchange) throws Exception {
        ApiRequest request = new ApiRequest(exchange, zone);
        String meter = request.name("meter");
        String fields = request.required("fields");
        long[] range = request.range();
        Step step = Step.parse(request.optional("step", "raw"));
        int limit = request.limit(defaultLimit);
        boolean deleted = Boolean.parseBoolean(request.optional("deleted", "false"));
        Map<String, Object> series = new LinkedHashMap<>();
        for (String name : fields.split(",")) {
            String field = name.strip();
            ApiRequest.checkName(field, "field");
            if (step == Step.RAW) {
                Series one = series(request, meter, field);
                List<StoreQueries.Row> rows = ApiRequest.store(() -> queries.rows(one, range[0], range[1], limit, deleted));
                ApiRequest.tooMany(rows.size(), limit);
                series.put(field, rows);
            } else {
                Aggregates.Buckets steps = new Aggregates.Buckets(step, zone);
                Series one = series(request, meter, field);
                ApiRequest.store(() -> queries.points(one, range[0], range[1], steps));
                List<Aggregates.Bucket> buckets = steps.result();
                ApiRequest.tooMany(buckets.size(), limit);
                List<Map<String, Object>> out = new ArrayList<>(buckets.size());
                for (Aggregates.Bucket b : buckets) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("time", Instant.ofEpochMilli(b.start()));
                    m.put("mean", ApiRequest.round(b.mean()));
                    m.put("min", b.min());
                    m.put("max", b.max());
                    m.put("last", b.last());
                    m.put("count", b.count());
                    out.add(m);
                }
                series.put(field, out);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("meter", meter);
        out.put("from", Instant.ofEpochMilli(range[0]));
        out.put("to", Instant.ofEpochMilli(range[1]));
        out.put("step", step.text());
        out.put("zone", zone.getId());
        out.put("series", series);
        return request.answer(out);
    }

    /**
     * Energy per period: the rises of a cumulative total (rebases and resets left out), or the sum of an interval
     * field's values (PG&E, meterman: each value is the energy of the interval starting at its time). Without a
     * field: the meter's import total, or its import intervals where it has no total.
     */
    public String energy(Exchange exchange) throws Exception {
        ApiRequest request = new ApiRequest(exchange, zone);
        String meter = request.name("meter");
        String asked = request.optional("field", null);
        String field = asked != null ? asked
                : ApiRequest.store(() -> queries.measurements(meter, Fields.ENERGY_IMPORT_KWH)).isEmpty()
                        && !ApiRequest.store(() -> queries.measurements(meter, Fields.ENERGY_IMPORT_INTERVAL_KWH)).isEmpty()
                                ? Fields.ENERGY_IMPORT_INTERVAL_KWH : Fields.ENERGY_IMPORT_KWH;
        ApiRequest.checkName(field, "field");
        long[] range = request.range();
        Step period = Step.parse(request.optional("period", "1d"));
        if (period == Step.RAW) {
            throw new ApiException(400, "period must be 1m, 5m, 1h, 1d or 1mo");
        }
        Series series = series(request, meter, field);
        boolean interval = Fields.isInterval(field);
        Aggregates.EnergySum counter = interval ? new Aggregates.IntervalSum(period, zone)
                : new Aggregates.EnergyCounter(ApiRequest.store(() -> queries.before(series, range[0])), period, zone);
        ApiRequest.store(() -> queries.points(series, range[0], range[1], counter));
        Aggregates.Energy energy = counter.result();
        List<Period> periods = new ArrayList<>();
        energy.periods().forEach((start, value) -> periods.add(new Period(Instant.ofEpochMilli(start), ApiRequest.round(value))));
        ApiRequest.tooMany(periods.size(), request.limit(defaultLimit));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("meter", meter);
        out.put("measurement", series.measurement());
        out.put("field", field);
        out.put("kind", interval ? "interval" : "total");
        out.put("from", Instant.ofEpochMilli(range[0]));
        out.put("to", Instant.ofEpochMilli(range[1]));
        out.put("period", period.text());
        out.put("zone", zone.getId());
        out.put("total", ApiRequest.round(energy.total()));
        out.put("rebases", energy.rebases());
        out.put("resets", energy.resets());
        out.put("periods", periods);
        return request.answer(out);
    }

    /** The Flemish grid fee counts every month's peak as at least this much (2.5 kW). */
    static final double CAPACITY_MINIMUM_W = 2500;

    /**
     * The Belgian capacity tariff from the meter's own registers: the running average of the current quarter hour
     * (1-0:1.4.0), this month's peak quarter hour (1-0:1.6.0), each of the last 12 months' peak (the highest value the
     * month's peak register reached, in the store's zone) and their mean, each month counted at least 2.5 kW: what
     * the grid fee is based on.
     */
    public String capacity(Exchange exchange) throws Exception {
        ApiRequest request = new ApiRequest(exchange, zone);
        String meter = request.name("meter");
        Map<String, StoreQueries.Row> electricity = ApiRequest.store(() -> queries.latest(meter)).get(Fields.ELECTRICITY);
        if (electricity == null || !electricity.containsKey("power_peak_month_w")) {
            throw new ApiException(404, "meter " + meter + " has no month peak (power_peak_month_w): Belgian meters send it (1-0:1.6.0)");
        }
        long to = request.time("now", "to");
        long from = java.time.ZonedDateTime.ofInstant(Instant.ofEpochMilli(to), zone).withDayOfMonth(1).truncatedTo(java.time.temporal.ChronoUnit.DAYS)
                .minusMonths(11).toInstant().toEpochMilli();
        Series peaks = ApiRequest.store(() -> queries.series(meter, Fields.ELECTRICITY, "power_peak_month_w"));
        Aggregates.Buckets months = new Aggregates.Buckets(Step.MONTH, zone);
        ApiRequest.store(() -> queries.points(peaks, from, to + 1, months));
        List<Map<String, Object>> perMonth = new ArrayList<>();
        double sum = 0;
        for (Aggregates.Bucket month : months.result()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("month", Instant.ofEpochMilli(month.start()));
            m.put("peak_w", month.max());
            perMonth.add(m);
            sum += Math.max(CAPACITY_MINIMUM_W, month.max());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("meter", meter);
        out.put("zone", zone.getId());
        StoreQueries.Row quarter = electricity.get("power_demand_avg_w");
        out.put("quarter_average_w", quarter == null ? null : quarter.value());
        out.put("month_peak_w", electricity.get("power_peak_month_w").value());
        out.put("months", perMonth);
        out.put("minimum_w", CAPACITY_MINIMUM_W);
        out.put("rolling_year_mean_w", perMonth.isEmpty() ? null : ApiRequest.round(sum / perMonth.size()));
        return request.answer(out);
    }

    public void setQueries(StoreQueries queries) {
        this.queries = queries;
    }

    /** The zone of local times in parameters, and of days and months; "system" is the machine's. */
    public void setZone(String zone) {
        this.zone = StoreZone.of(zone);
    }

    public void setDefaultLimit(int defaultLimit) {
        this.defaultLimit = defaultLimit;
    }
}
