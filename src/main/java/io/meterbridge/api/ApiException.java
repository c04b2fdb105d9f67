package io.meterbridge.api;

/**
 * A request the API answers with an error: the HTTP status and a message that says what to change. The route
 * configuration turns it into {@code {"status": 400, "error": "…"}}; routine, so no stack trace.
 */
public class ApiException extends RuntimeException {

    private final int status;

    public ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
