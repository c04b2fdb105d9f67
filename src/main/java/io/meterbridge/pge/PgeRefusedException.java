package io.meterbridge.pge;

/**
 * PG&E refused a request in a way that trying again will not fix (a 4xx other than 429, a second 401 after a fresh
 * token, a refused client certificate or client secret): logged for the user to act on, not retried until the
 * next poll. The message names the host, the status and PG&E's error code, never a token or secret.
 */
public class PgeRefusedException extends Exception {

    public PgeRefusedException(String message) {
        super(message, null, false, false);
    }
}
