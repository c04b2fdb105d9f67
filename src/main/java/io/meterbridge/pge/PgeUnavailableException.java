package io.meterbridge.pge;

/**
 * PG&E cannot answer now (429, 5xx, unreachable): worth trying again later. The route configuration retries with
 * back-off, waiting at least what the server's Retry-After asked for. The message names the host and the
 * status, never a token.
 */
public class PgeUnavailableException extends Exception {

    private final Long retryAfterSeconds;

    public PgeUnavailableException(String message, Long retryAfterSeconds) {
        super(message, null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** What the server's Retry-After asked for, in seconds; null when it said nothing. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
