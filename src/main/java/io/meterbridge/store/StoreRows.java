package io.meterbridge.store;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.meterbridge.reading.Fields;
import io.meterbridge.reading.Reading;

/**
 * Turns readings into the store's rows, one per field, for the sink route's batch insert (camel-sql, named
 * parameters). A reading marked {@code rebase} has its totals stored as rebase rows, so energy is never summed
 * across the restart, and the marker itself is not stored as a value. Each row also names the 5-minute and daily
 * rollup it would belong to, so the insert can skip a value retention already rolled up.
 */
public class StoreRows {

    private ZoneId zone = ZoneId.systemDefault();

    /** The body: a Reading or a List of them (as the hub sends). */
    public List<Map<String, Object>> rows(Object body) {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (body instanceof Reading r) {
            add(r, rows);
        } else if (body instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Reading r) {
                    add(r, rows);
                }
            }
        }
        return rows;
    }

    private void add(Reading r, List<Map<String, Object>> rows) {
        String meter = r.tag(Fields.TAG_METER) != null ? r.tag(Fields.TAG_METER) : "(none)";
        boolean rebase = r.field(Fields.REBASE) != null;
        long time = r.time().toEpochMilli();
        long fiveMinutes = Step.FIVE_MINUTES.bucket(time, zone);
        long day = Step.DAY.bucket(time, zone);
        for (Map.Entry<String, Object> f : r.fields().entrySet()) {
            if (f.getKey().equals(Fields.REBASE)) {
                continue;
            }
            Map<String, Object> row = new HashMap<>(16);
            row.put("meter", meter);
            row.put("field", f.getKey());
            row.put("time", time);
            row.put("measurement", r.measurement());
            row.put("source", r.tag(Fields.TAG_SOURCE));
            row.put("value", f.getValue() instanceof Number n ? n.doubleValue() : null);
            row.put("text", f.getValue() instanceof Number ? null : String.valueOf(f.getValue()));
            row.put("kind", rebase ? "rebase" : "read");
            row.put("fiveMinutes", fiveMinutes);
            row.put("day", day);
            rows.add(row);
        }
    }

    /** The zone of the daily rollups (store.zone); "system" is the machine's. */
    public void setZone(String zone) {
        this.zone = StoreZone.of(zone);
    }
}
