package io.meterbridge.store;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;

/**
 * The read side of the REST API (routes/api.camel.yaml): meters and their fields, latest values, values in a range
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

    public String latest(Exchange exchange) throws Exception {
        ApiRequest request = new ApiRequest(exchange, zone);
        String meter = request.name("meter");
        return request.answer(Map.of("meter", meter, "fields", ApiRequest.store(() -> queries.latest(meter))));
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
                List<StoreQueries.Row> rows = ApiRequest.store(() -> queries.rows(meter, field, range[0], range[1], limit, deleted));
                ApiRequest.tooMany(rows.size(), limit);
                series.put(field, rows);
            } else {
                Aggregates.Buckets steps = new Aggregates.Buckets(step, zone);
                ApiRequest.store(() -> queries.points(meter, field, range[0], range[1], steps));
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

    public String energy(Exchange exchange) throws Exception {
        ApiRequest request = new ApiRequest(exchange, zone);
        String meter = request.name("meter");
        String field = request.optional("field", "energy_import_kwh");
        ApiRequest.checkName(field, "field");
        long[] range = request.range();
        Step period = Step.parse(request.optional("period", "1d"));
        if (period == Step.RAW) {
            throw new ApiException(400, "period must be 1m, 5m, 1h, 1d or 1mo");
        }
        Aggregates.EnergyCounter counter = new Aggregates.EnergyCounter(ApiRequest.store(() -> queries.before(meter, field, range[0])), period, zone);
        ApiRequest.store(() -> queries.points(meter, field, range[0], range[1], counter));
        Aggregates.Energy energy = counter.result();
        List<Period> periods = new ArrayList<>();
        energy.periods().forEach((start, value) -> periods.add(new Period(Instant.ofEpochMilli(start), ApiRequest.round(value))));
        ApiRequest.tooMany(periods.size(), request.limit(defaultLimit));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("meter", meter);
        out.put("field", field);
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
