package io.meterbridge.spool;

import org.apache.camel.Exchange;

/**
 * What a sink makes of a failed delivery of a spooled batch: refused for good (bad data, a type conflict), so the
 * batch is dropped and logged, or worth another try (server down, 5xx, credentials), so it waits in the spool.
 */
@FunctionalInterface
public interface DeliveryFailure {

    /** What the server refused for good, or null to deliver the batch again after a back-off. */
    Refusal refusal(Exchange exchange, Exception failure);

    /** Whether the server refused the batch only for its size (HTTP 413): the spool splits it in two and goes on. */
    default boolean tooLarge(Exchange exchange, Exception failure) {
        return false;
    }

    /** What a user should know about a failure worth another try (bad credentials, no such database), or null. */
    default String why(Exchange exchange, Exception failure) {
        return null;
    }

    /** How long the server asked to be left alone (Retry-After), in ms; 0 when it did not say. */
    default long retryAfterMillis(Exchange exchange, Exception failure) {
        return 0;
    }

    /**
     * @param readings how many readings of the batch were refused, null for all of them
     * @param reason   the server's own words, for the log line
     */
    record Refusal(Long readings, String reason) {
    }
}
