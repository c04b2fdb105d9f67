package io.meterbridge.store;

import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.meterbridge.meterman.MeterNodes;
import io.meterbridge.meterman.MetermanGateway;
import io.meterbridge.reading.Json;

/**
 * The REST API's logic behind the routes in routes/api.camel.yaml: parameters checked (times, steps, limits,
 * names), answers as JSON. Reads are open; writes (adjustments) need a write token ({@link ApiTokens}). Times are
 * ISO-8601 instants ({@code 2024-10-27T00:00:00Z}), local dates or date-times in the store's zone
 * ({@code 2024-10-27}, {@code 2024-10-27T02:30}), or Unix seconds; answers are in UTC.
 */
public class StoreApi {

    private static final Logger LOG = LoggerFactory.getLogger(StoreApi.class);
    private static final int MAX_LIMIT = 100_000;

    /** One period's energy, in the unit of the cumulative field. */
    record Period(Instant start, double energy) {
    }
    private static final String NAME = "[A-Za-z0-9_.:\\-]{1,128}";

    private StoreQueries queries;
    private Adjustments adjustments;
    private MeterNodes nodes;
    private ApiTokens tokens;
    private MetermanGateway gateway;
    private ZoneId zone = ZoneId.systemDefault();
    private int defaultLimit = 10_000;

    public String meters(Exchange exchange) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("zone", zone.getId());
        out.put("meters", store(() -> queries.meters()));
        return json(exchange, out);
    }

    public String latest(Exchange exchange) throws Exception {
        String meter = name(exchange, "meter");
        return json(exchange, Map.of("meter", meter, "fields", store(() -> queries.latest(meter))));
    }

    public String readings(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        String meter = name(exchange, "meter");
        String fieldList = required(in, "fields");
        long[] range = range(in);
        Step step = Step.parse(in.getHeader("step", "raw", String.class));
        int limit = limit(in);
        Map<String, Object> series = new LinkedHashMap<>();
        for (String field : fieldList.split(",")) {
            checkName(field.strip(), "field");
            String f = field.strip();
            if (step == Step.RAW) {
                List<StoreQueries.Row> rows = store(() -> queries.rows(meter, f, range[0], range[1], limit, in.getHeader("deleted", false, Boolean.class)));
                tooMany(rows.size(), limit);
                series.put(f, rows);
            } else {
                List<Point> points = store(() -> queries.points(meter, f, range[0], range[1], MAX_LIMIT * 10));
                List<Aggregates.Bucket> buckets = Aggregates.buckets(points, step, zone);
                tooMany(buckets.size(), limit);
                List<Map<String, Object>> out = new ArrayList<>(buckets.size());
                for (Aggregates.Bucket b : buckets) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("time", Instant.ofEpochMilli(b.start()));
                    m.put("mean", round(b.mean()));
                    m.put("min", b.min());
                    m.put("max", b.max());
                    m.put("last", b.last());
                    m.put("count", b.count());
                    out.add(m);
                }
                series.put(f, out);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("meter", meter);
        out.put("from", Instant.ofEpochMilli(range[0]));
        out.put("to", Instant.ofEpochMilli(range[1]));
        out.put("step", step.text());
        out.put("zone", zone.getId());
        out.put("series", series);
        return json(exchange, out);
    }

    public String energy(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        String meter = name(exchange, "meter");
        String field = in.getHeader("field", "energy_import_kwh", String.class);
        checkName(field, "field");
        long[] range = range(in);
        Step period = Step.parse(in.getHeader("period", "1d", String.class));
        if (period == Step.RAW) {
            throw new ApiException(400, "period must be 1m, 5m, 1h, 1d or 1mo");
        }
        Point baseline = store(() -> queries.before(meter, field, range[0]));
        List<Point> points = store(() -> queries.points(meter, field, range[0], range[1], MAX_LIMIT * 10));
        Aggregates.Energy energy = Aggregates.energy(baseline, points, period, zone);
        List<Period> periods = new ArrayList<>();
        energy.periods().forEach((start, value) -> periods.add(new Period(Instant.ofEpochMilli(start), round(value))));
        tooMany(periods.size(), limit(in));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("meter", meter);
        out.put("field", field);
        out.put("from", Instant.ofEpochMilli(range[0]));
        out.put("to", Instant.ofEpochMilli(range[1]));
        out.put("period", period.text());
        out.put("zone", zone.getId());
        out.put("total", round(energy.total()));
        out.put("rebases", energy.rebases());
        out.put("resets", energy.resets());
        out.put("periods", periods);
        return json(exchange, out);
    }

    public String nodes(Exchange exchange) throws Exception {
        return json(exchange, Map.of("nodes", nodes.health()));
    }

    public String nodeEvents(Exchange exchange) throws Exception {
        String node = name(exchange, "node");
        return json(exchange, Map.of("node", node, "events", nodes.events(node, limit(exchange.getMessage()))));
    }

    /**
     * POST a node command to a meterman node through the gateway: {@code {"command": "SMVAL", "values": [120000],
     * "why": …}} (SMVAL meter value in Wh, SMINT interval in s, SPLED puck LED rate and ms, SGITR poll rate and for
     * how long in s). Answered once the gateway queued it; the node applies it at its next instruction poll.
     */
    public String command(Exchange exchange) throws Exception {
        String who = tokens.writer(exchange.getMessage().getHeader("Authorization", String.class));
        String node = name(exchange, "node");
        JsonNode body = body(exchange);
        String command = text(body, "command", true);
        String why = why(body);
        JsonNode values = body.get("values");
        if (values == null || !values.isArray() || values.size() > 2) {
            throw new ApiException(400, "'values' must be a list of one or two whole numbers");
        }
        long[] numbers = new long[values.size()];
        for (int i = 0; i < numbers.length; i++) {
            if (!values.get(i).canConvertToLong()) {
                throw new ApiException(400, "'values' must be whole numbers");
            }
            numbers[i] = values.get(i).asLong();
        }
        String id = node.substring(node.lastIndexOf('.') + 1);
        if (!id.matches("\\d{1,3}")) {
            throw new ApiException(400, "node '" + ApiException.shorten(node) + "' is not a meterman node id such as 0.0.1.1.2");
        }
        String result;
        try {
            result = gateway.control(Integer.parseInt(id), command, numbers);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage());
        } catch (IllegalStateException e) {
            throw new ApiException(409, e.getMessage());
        } catch (Exception e) {
            throw new ApiException(503, "the meterman gateway cannot be reached: " + e.getMessage());
        }
        LOG.info("meterman node {}: {} {} queued for {} ({})", node, command, java.util.Arrays.toString(numbers), who, why);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("node", node);
        out.put("command", command);
        out.put("who", who);
        out.put("result", result);
        return json(exchange, out);
    }

    public String adjustments(Exchange exchange) throws Exception {
        String meter = exchange.getMessage().getHeader("meter", String.class);
        if (meter != null) {
            checkName(meter, "meter");
        }
        int limit = limit(exchange.getMessage());
        return json(exchange, Map.of("adjustments", store(() -> adjustments.list(meter, limit))));
    }

    /** POST a correction, deletion or manual reading: {@code {"action": "correct", "meter": …, "why": …}}. */
    public String adjust(Exchange exchange) throws Exception {
        String who = tokens.writer(exchange.getMessage().getHeader("Authorization", String.class));
        JsonNode body = body(exchange);
        String action = text(body, "action", true);
        String meter = text(body, "meter", true);
        checkName(meter, "meter");
        String field = text(body, "field", !"delete".equals(action));
        if (field != null) {
            checkName(field, "field");
        }
        String why = why(body);
        Adjustments.Adjustment done = switch (action) {
            case "correct" -> store(() -> adjustments.correct(meter, field, time(text(body, "time", true), "time"), number(body), who, why));
            case "add" -> {
                String measurement = body.hasNonNull("measurement") ? text(body, "measurement", true) : "electricity";
                checkName(measurement, "measurement");
                yield store(() -> adjustments.add(meter, measurement, field, time(text(body, "time", true), "time"), number(body), who, why));
            }
            case "delete" -> {
                long from = time(text(body, "from", true), "from");
                long to = time(text(body, "to", true), "to");
                if (to < from) {
                    throw new ApiException(400, "'to' is before 'from'");
                }
                yield store(() -> adjustments.delete(meter, field, from, to, who, why));
            }
            default -> throw new ApiException(400, "action '" + ApiException.shorten(action) + "' is not correct, delete or add");
        };
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        return json(exchange, done);
    }

    public String revert(Exchange exchange) throws Exception {
        String who = tokens.writer(exchange.getMessage().getHeader("Authorization", String.class));
        String id = exchange.getMessage().getHeader("id", String.class);
        if (id == null || !id.matches("\\d{1,18}")) {
            throw new ApiException(400, "adjustment id must be a number");
        }
        String why = why(body(exchange));
        Adjustments.Adjustment done = store(() -> adjustments.revert(Long.parseLong(id), who, why));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        return json(exchange, done);
    }

    /** The answer for an {@link ApiException}: its status and {"status", "error"}. */
    public String error(Exchange exchange) throws Exception {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int status = e instanceof ApiException a ? a.status() : 500;
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        if (status == 401) {
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", status);
        out.put("error", e == null ? "unknown" : e.getMessage());
        return json(exchange, out);
    }

    private static String why(JsonNode body) {
        String why = text(body, "why", true);
        if (why.isBlank() || why.length() > 1000) {
            throw new ApiException(400, "'why' must say why, in at most 1000 characters");
        }
        return why;
    }

    private static JsonNode body(Exchange exchange) {
        String text = exchange.getMessage().getBody(String.class);
        if (text == null || text.isBlank()) {
            throw new ApiException(400, "the request needs a JSON body");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (node == null || !node.isObject()) {
                throw new ApiException(400, "the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "the body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode body, String name, boolean required) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                throw new ApiException(400, "'" + name + "' is required");
            }
            return null;
        }
        if (!value.isValueNode()) {
            throw new ApiException(400, "'" + name + "' must be a string or number");
        }
        return value.asText();
    }

    private static double number(JsonNode body) {
        JsonNode value = body.get("value");
        if (value == null || !value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw new ApiException(400, "'value' must be a number");
        }
        return value.asDouble();
    }

    private long[] range(Message in) {
        long from = time(required(in, "from"), "from");
        long to = time(required(in, "to"), "to");
        if (to <= from) {
            throw new ApiException(400, "'to' must be after 'from'");
        }
        return new long[] { from, to };
    }

    /** A time parameter: an ISO instant or offset date-time, a local date or date-time in the store's zone, or Unix seconds. */
    long time(String text, String name) {
        String t = text.strip();
        try {
            if (t.matches("\\d{1,11}")) {
                return Long.parseLong(t) * 1000;
            }
            if (t.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(t).atStartOfDay(zone).toInstant().toEpochMilli();
            }
            if (t.endsWith("Z") || t.matches(".*[+-]\\d{2}:\\d{2}$")) {
                return OffsetDateTime.parse(t).toInstant().toEpochMilli();
            }
            return LocalDateTime.parse(t).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            throw new ApiException(400, "'" + name + "' is not a time: '" + ApiException.shorten(text)
                    + "' (use 2024-10-27T00:00:00Z, 2024-10-27, 2024-10-27T02:30 or Unix seconds)");
        }
    }

    private int limit(Message in) {
        String text = in.getHeader("limit", String.class);
        if (text == null) {
            return defaultLimit;
        }
        if (!text.matches("\\d{1,6}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > MAX_LIMIT) {
            throw new ApiException(400, "'limit' must be 1 to " + MAX_LIMIT);
        }
        return Integer.parseInt(text);
    }

    private static void tooMany(int size, int limit) {
        if (size > limit) {
            throw new ApiException(400, "more than " + limit + " values: narrow the range, choose a coarser step or raise 'limit'");
        }
    }

    private static String required(Message in, String name) {
        String value = in.getHeader(name, String.class);
        if (value == null || value.isBlank()) {
            throw new ApiException(400, "'" + name + "' is required");
        }
        return value;
    }

    private static String name(Exchange exchange, String header) {
        String value = exchange.getMessage().getHeader(header, String.class);
        checkName(value, header);
        return value;
    }

    private static void checkName(String value, String what) {
        if (value == null || !value.matches(NAME)) {
            throw new ApiException(400, what + " '" + ApiException.shorten(String.valueOf(value)) + "' is not a name (letters, digits, _ . : -)");
        }
    }

    private static double round(double value) {
        return Math.round(value * 1e9) / 1e9;
    }

    private interface StoreCall<T> {
        T call() throws SQLException;
    }

    /** A store failure is the server's, not the request's: 500, with SQLite's reason. */
    private static <T> T store(StoreCall<T> call) {
        try {
            return call.call();
        } catch (SQLException e) {
            throw new ApiException(500, "the store failed: " + e.getMessage());
        }
    }

    private static String json(Exchange exchange, Object value) throws JsonProcessingException {
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        return Json.MAPPER.writeValueAsString(value);
    }

    public void setQueries(StoreQueries queries) {
        this.queries = queries;
    }

    public void setAdjustments(Adjustments adjustments) {
        this.adjustments = adjustments;
    }

    public void setNodes(MeterNodes nodes) {
        this.nodes = nodes;
    }

    public void setGateway(MetermanGateway gateway) {
        this.gateway = gateway;
    }

    public void setTokens(ApiTokens tokens) {
        this.tokens = tokens;
    }

    public void setZone(String zone) {
        this.zone = zone.equals("system") ? ZoneId.systemDefault() : ZoneId.of(zone);
    }

    public void setDefaultLimit(int defaultLimit) {
        this.defaultLimit = defaultLimit;
    }
}
