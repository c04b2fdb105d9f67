package io.meterbridge.influxdb;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;

import io.meterbridge.spool.DeliveryFailure;

/**
 * What InfluxDB's answer to a write means for the spool. The v1 /write API answers 204 when it took everything,
 * 400 when it refused points for good (unparsable, a field type conflict, outside the retention policy; "partial
 * write" when it took the others), 401/403 for bad credentials, 404 for a database or bucket that does not exist,
 * 413 for a body too large, 429 and 5xx when it is overloaded or failing.
 */
public class InfluxWrites implements DeliveryFailure {

    private static final Pattern DROPPED = Pattern.compile("dropped=(\\d+)");

    private String username;
    private String password;

    /**
     * The Authorization header for a write: HTTP Basic with the configured credentials (InfluxDB 2.x and 3.x take an
     * API token as the password), or none. Sent with every request rather than after a challenge, because not
     * every InfluxDB version challenges; never logged, and kept out of endpoint URIs.
     */
    public String authorization() {
        if (username == null || username.isEmpty()) {
            return null;
        }
        String credentials = username + ":" + (password == null ? "" : password);
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
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
}
