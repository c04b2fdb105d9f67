package io.meterbridge.influxdb;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;

import io.meterbridge.spool.DeliveryFailure;

/**
 * How meterbridge authenticates to InfluxDB, and what InfluxDB's answer to a write means for the spool. The write APIs
 * (v1 /write, v2 /api/v2/write, v3 /api/v3/write_lp) answer 204 when they took everything, 400 (v3 also 422) when
 * they refused points for good (unparsable, a field type conflict, outside the retention policy; "partial write" when
 * they took the others), 401/403 for bad credentials, 404 for a database or bucket that does not exist, 413 for a
 * body too large, 429 and 503 (with Retry-After) when overloaded, 5xx when failing.
 */
public class InfluxWrites implements DeliveryFailure {

    private static final Pattern DROPPED = Pattern.compile("dropped=(\\d+)");
    /** A server asking for more than this is tried again after this anyway: the readings wait, the user sees it. */
    private static final long MAX_RETRY_AFTER_MILLIS = 600_000;

    private String username;
    private String password;
    private String token;

    /**
     * The Authorization header for a write to the given API: v2 "Token", v3 "Bearer" with the API token; v1 HTTP
     * Basic with the user name and password (InfluxDB 2.x and 3.x take an API token as the password there), or the
     * token as v2 has it when only a token is set; or none. Sent with every request rather than after a challenge,
     * because not every InfluxDB version challenges; never logged, and kept out of endpoint URIs.
     */
    public String authorization(String api) {
        boolean hasToken = token != null && !token.isEmpty();
        switch (api) {
            case "v2":
                return hasToken ? "Token " + token : null;
            case "v3":
                return hasToken ? "Bearer " + token : null;
            default:
                if (username != null && !username.isEmpty()) {
                    String credentials = username + ":" + (password == null ? "" : password);
                    return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
                }
                return hasToken ? "Token " + token : null;
        }
    }

    /**
     * Refused for good when retrying would never succeed (400, 413, 422: bad data, a field type conflict), with how
     * many points a partial write dropped. Everything else is worth a retry, including bad credentials and a database
     * that does not exist yet: the readings wait in the spool until the user fixes the configuration or creates the
     * database, instead of being lost.
     */
    @Override
    public Refusal refusal(Exchange exchange, Exception failure) {
        return refusedForGood(exchange) ? new Refusal(refusedPoints(exchange), reason(exchange)) : null;
    }

    /** Bad credentials and a missing database or bucket, said so a user can fix them; the readings wait meanwhile. */
    @Override
    public String why(Exchange exchange, Exception failure) {
        HttpOperationFailedException failed = failure(exchange);
        if (failed == null) {
            return null;
        }
        return switch (failed.getStatusCode()) {
            case 401, 403 -> "InfluxDB refuses the credentials (" + reason(exchange) + "): check INFLUXDB_TOKEN (influxdb.token), "
                    + "or INFLUXDB_USERNAME and INFLUXDB_PASSWORD";
            case 404 -> "InfluxDB has no such database or bucket (" + reason(exchange) + "): create it, or check "
                    + "influxdb.database and influxdb.org";
            default -> null;
        };
    }

    /** 413: the spool splits the batch and delivers the halves. */
    @Override
    public boolean tooLarge(Exchange exchange, Exception failure) {
        HttpOperationFailedException failed = failure(exchange);
        return failed != null && failed.getStatusCode() == 413;
    }

    /** What a 429 or 503 asks in its Retry-After header: seconds, or an HTTP date. */
    @Override
    public long retryAfterMillis(Exchange exchange, Exception failure) {
        HttpOperationFailedException failed = failure(exchange);
        if (failed == null || (failed.getStatusCode() != 429 && failed.getStatusCode() != 503) || failed.getResponseHeaders() == null) {
            return 0;
        }
        String value = failed.getResponseHeaders().entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("Retry-After"))
                .map(java.util.Map.Entry::getValue).findFirst().orElse(null);
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Math.min(MAX_RETRY_AFTER_MILLIS, Math.max(0, Long.parseLong(value.strip()) * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                long until = java.time.ZonedDateTime.parse(value.strip(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant().toEpochMilli();
                return Math.min(MAX_RETRY_AFTER_MILLIS, Math.max(0, until - System.currentTimeMillis()));
            } catch (java.time.format.DateTimeParseException neither) {
                return 0;
            }
        }
    }

    private boolean refusedForGood(Exchange exchange) {
        HttpOperationFailedException failed = failure(exchange);
        if (failed == null) {
            return false; // unreachable, a timeout, a reset connection
        }
        int status = failed.getStatusCode();
        return status == 400 || status == 413 || status == 422;
    }

    /** How many points of the batch InfluxDB refused: what a partial write's answer says, else the whole batch. */
    private Long refusedPoints(Exchange exchange) {
        HttpOperationFailedException failed = failure(exchange);
        String body = failed == null ? null : failed.getResponseBody();
        if (body != null && body.contains("partial write")) {
            Matcher dropped = DROPPED.matcher(body);
            if (dropped.find()) {
                return Long.parseLong(dropped.group(1));
            }
        }
        return null;
    }

    /** InfluxDB's explanation of a refusal (its JSON error), for the log line. */
    private String reason(Exchange exchange) {
        HttpOperationFailedException failed = failure(exchange);
        if (failed == null) {
            return null;
        }
        String body = failed.getResponseBody();
        return "HTTP " + failed.getStatusCode() + (body == null || body.isBlank() ? "" : " " + body.strip());
    }

    private static HttpOperationFailedException failure(Exchange exchange) {
        Throwable e = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        for (; e != null; e = e.getCause()) {
            if (e instanceof HttpOperationFailedException failed) {
                return failed;
            }
        }
        return null;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    /** The API token of InfluxDB 2.x and 3.x. */
    public void setToken(String token) {
        this.token = token;
    }
}
