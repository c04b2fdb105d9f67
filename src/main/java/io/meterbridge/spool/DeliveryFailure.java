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

    /**
     * @param readings how many readings of the batch were refused, null for all of them
     * @param reason   the server's own words, for the log line
     */
    record Refusal(Long readings, String reason) {
    }
}
