package io.meterbridge.api;

import java.time.ZoneId;
import java.util.Map;

import org.apache.camel.Exchange;

import io.meterbridge.reading.Quoted;
import io.meterbridge.store.StoreZone;
import io.meterbridge.store.Series;
import io.meterbridge.store.Adjustments;
import io.meterbridge.store.StoreQueries;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The write side of the REST API: corrections, deletions and manual readings, their reverts, and the audit trail.
 * Every change needs a write token (its name is the "who") and a reason; answered 201 with the audit entry.
 */
public class AdjustmentsApi {

    private Adjustments adjustments;
    private StoreQueries queries;
    private ApiTokens tokens;
    private ZoneId zone = ZoneId.systemDefault();

    public String list(Exchange exchange) throws Exception {
        ApiRequest request = new ApiRequest(exchange, zone);
        String meter = request.optional("meter", null);
        if (meter != null) {
            ApiRequest.checkName(meter, "meter");
        }
        int limit = request.limit(1000);
        return request.answer(Map.of("adjustments", ApiRequest.store(() -> adjustments.list(meter, limit))));
    }

    /** {@code {"action": "correct" | "delete" | "add", "meter": …, "why": …}}. */
    public String adjust(Exchange exchange) throws Exception {
        ApiRequest request = new ApiRequest(exchange, zone);
        String who = tokens.writer(request.authorization());
        JsonNode body = request.body();
        String action = ApiRequest.text(body, "action", true);
        String meter = ApiRequest.text(body, "meter", true);
        ApiRequest.checkName(meter, "meter");
        String field = ApiRequest.text(body, "field", !"delete".equals(action));
        if (field != null) {
            ApiRequest.checkName(field, "field");
        }
        String measurement = ApiRequest.text(body, "measurement", false);
        if (measurement != null) {
            ApiRequest.checkName(measurement, "measurement");
        }
        String why = ApiRequest.why(body);
        Adjustments.Adjustment done = switch (action) {
            case "correct" -> {
                long time = request.time(ApiRequest.text(body, "time", true), "time");
                double value = ApiRequest.number(body);
                Series series = ApiRequest.store(() -> queries.series(meter, measurement, field));
                yield ApiRequest.store(() -> adjustments.correct(series, time, value, who, why));
            }
            case "add" -> {
                long time = request.time(ApiRequest.text(body, "time", true), "time");
                double value = ApiRequest.number(body);
                Series series = ApiRequest.store(() -> queries.series(meter, measurement, field));
                yield ApiRequest.store(() -> adjustments.add(series, time, value, who, why));
            }
            case "delete" -> {
                long from = request.time(ApiRequest.text(body, "from", true), "from");
                long to = request.time(ApiRequest.text(body, "to", true), "to");
                if (to < from) {
                    throw new ApiException(400, "'to' is before 'from'");
                }
                yield ApiRequest.store(() -> adjustments.delete(meter, measurement, field, from, to, who, why));
            }
            default -> throw new ApiException(400, "action '" + Quoted.shorten(action, 60) + "' is not correct, delete or add");
        };
        return request.answer(201, done);
    }

    public String revert(Exchange exchange) throws Exception {
        ApiRequest request = new ApiRequest(exchange, zone);
        String who = tokens.writer(request.authorization());
        String id = request.required("id");
        if (!id.matches("\\d{1,18}")) {
            throw new ApiException(400, "adjustment id must be a number");
        }
        String why = ApiRequest.why(request.body());
        return request.answer(201, ApiRequest.store(() -> adjustments.revert(Long.parseLong(id), who, why)));
    }

    public void setAdjustments(Adjustments adjustments) {
        this.adjustments = adjustments;
    }

    public void setQueries(StoreQueries queries) {
        this.queries = queries;
    }

    public void setTokens(ApiTokens tokens) {
        this.tokens = tokens;
    }

    /** The zone of local times in the body; "system" is the machine's. */
    public void setZone(String zone) {
        this.zone = StoreZone.of(zone);
    }
}
