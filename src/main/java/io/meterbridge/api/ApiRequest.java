package io.meterbridge.api;

import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.meterbridge.reading.Json;
import io.meterbridge.reading.Quoted;

/**
 * One REST API request: its parameters checked one by one (an {@link ApiException} with a 400 says which and why)
 * and its JSON answer. Times are ISO-8601 instants ({@code 2024-10-27T00:00:00Z}), local dates or date-times in
 * the store's zone ({@code 2024-10-27}, {@code 2024-10-27T02:30}), or Unix seconds.
 */
final class ApiRequest {

    static final int MAX_LIMIT = 100_000;
    private static final String NAME = "[A-Za-z0-9_.:\\-]{1,128}";

    private final Exchange exchange;
    private final Message in;
    private final ZoneId zone;

    ApiRequest(Exchange exchange, ZoneId zone) {
        this.exchange = exchange;
        this.in = exchange.getMessage();
        this.zone = zone;
    }

    /** A path or query parameter that names something (a meter, a field, a node). */
    String name(String parameter) {
        String value = in.getHeader(parameter, String.class);
        checkName(value, parameter);
        return value;
    }

    String optional(String parameter, String otherwise) {
        return in.getHeader(parameter, otherwise, String.class);
    }

    String required(String parameter) {
        String value = in.getHeader(parameter, String.class);
        if (value == null || value.isBlank()) {
            throw new ApiException(400, "'" + parameter + "' is required");
        }
        return value;
    }

    String authorization() {
        return in.getHeader("Authorization", String.class);
    }

    /** The from and to parameters as epoch milliseconds, to after from. */
    long[] range() {
        long from = time(required("from"), "from");
        long to = time(required("to"), "to");
        if (to <= from) {
            throw new ApiException(400, "'to' must be after 'from'");
        }
        return new long[] { from, to };
    }

    long time(String text, String parameter) {
        String t = text.strip();
        try {
            if (t.matches("\\d{1,11}")) {
                return Long.parseLong(t) * 1000;
            }
            switch (t) {
                case "now":
                    return System.currentTimeMillis();
                case "today", "yesterday", "tomorrow":
                    LocalDate today = LocalDate.now(zone);
                    LocalDate day = t.equals("today") ? today : t.equals("yesterday") ? today.minusDays(1) : today.plusDays(1);
                    return day.atStartOfDay(zone).toInstant().toEpochMilli();
                default:
                    break;
            }
            if (t.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(t).atStartOfDay(zone).toInstant().toEpochMilli();
            }
            if (t.endsWith("Z") || t.matches(".*[+-]\\d{2}:\\d{2}$")) {
                return OffsetDateTime.parse(t).toInstant().toEpochMilli();
            }
            return LocalDateTime.parse(t).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            throw new ApiException(400, "'" + parameter + "' is not a time: '" + Quoted.shorten(text, 60)
                    + "' (use 2024-10-27T00:00:00Z, 2024-10-27, 2024-10-27T02:30, Unix seconds, now, today, yesterday or tomorrow)");
        }
    }

    int limit(int otherwise) {
        String text = in.getHeader("limit", String.class);
        if (text == null) {
            return otherwise;
        }
        if (!text.matches("\\d{1,6}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > MAX_LIMIT) {
            throw new ApiException(400, "'limit' must be 1 to " + MAX_LIMIT);
        }
        return Integer.parseInt(text);
    }

    static void tooMany(int size, int limit) {
        if (size > limit) {
            throw new ApiException(400, "more than " + limit + " values: narrow the range, choose a coarser step or raise 'limit'");
        }
    }

    static void checkName(String value, String what) {
        if (value == null || !value.matches(NAME)) {
            throw new ApiException(400, what + " '" + Quoted.shorten(String.valueOf(value), 60) + "' is not a name (letters, digits, _ . : -)");
        }
    }

    /** The JSON object in the request body. */
    JsonNode body() {
        String text = in.getBody(String.class);
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

    static String text(JsonNode body, String name, boolean required) {
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

    static double number(JsonNode body) {
        JsonNode value = body.get("value");
        if (value == null || !value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw new ApiException(400, "'value' must be a number");
        }
        return value.asDouble();
    }

    /** Every change says why; the audit trail keeps it. */
    static String why(JsonNode body) {
        String why = text(body, "why", true);
        if (why.isBlank() || why.length() > 1000) {
            throw new ApiException(400, "'why' must say why, in at most 1000 characters");
        }
        return why;
    }

    /** The answer: {@code value} as JSON with this status. */
    String answer(int status, Object value) throws JsonProcessingException {
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        return Json.MAPPER.writeValueAsString(value);
    }

    String answer(Object value) throws JsonProcessingException {
        return answer(200, value);
    }

    Exchange exchange() {
        return exchange;
    }

    static double round(double value) {
        return Math.round(value * 1e9) / 1e9;
    }

    interface StoreCall<T> {
        T call() throws SQLException;
    }

    interface StoreRun {
        void run() throws SQLException;
    }

    /** A store failure is the server's, not the request's: 500, with SQLite's reason. */
    static <T> T store(StoreCall<T> call) {
        try {
            return call.call();
        } catch (SQLException e) {
            throw new ApiException(500, "the store failed: " + e.getMessage());
        }
    }

    static void store(StoreRun run) {
        store(() -> {
            run.run();
            return null;
        });
    }
}
