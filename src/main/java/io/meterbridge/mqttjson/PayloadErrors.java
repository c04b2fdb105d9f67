package io.meterbridge.mqttjson;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.meterbridge.framing.FramingConstants;

/**
 * Counts MQTT payloads that gave no reading and logs each topic's reason once: a device that publishes the same
 * broken payload every ten seconds must not fill the log, and the consumer goes on with the next message.
 */
public class PayloadErrors {

    private static final Logger LOG = LoggerFactory.getLogger(PayloadErrors.class);
    /** Topics remembered for "once per topic"; beyond this a new topic is logged again, which is harmless. */
    private static final int MAX_TOPICS = 10_000;

    private final Map<String, String> lastReason = new ConcurrentHashMap<>();
    private final AtomicLong rejected = new AtomicLong();

    /** Called from the route configuration's error handler with the failed exchange. */
    public void record(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        // an MQTT topic, or for a serial device its port
        String topic = exchange.getMessage().getHeader("CamelMqttTopic", String.class);
        if (topic == null) {
            topic = exchange.getMessage().getHeader(FramingConstants.FRAME_ORIGIN, "(no topic)", String.class);
        }
        String reason = reason(e);
        long count = rejected.incrementAndGet();
        if (lastReason.size() > MAX_TOPICS) {
            lastReason.clear();
        }
        if (!reason.equals(lastReason.put(topic, reason))) {
            LOG.warn("No reading from {}: {} ({} payloads rejected so far; this topic's further ones with the same reason "
                    + "are only counted)", topic, reason, count);
        }
    }

    /** What a person needs: the payload is not JSON, or which value is missing, not the wrapping exceptions. */
    private static String reason(Throwable e) {
        if (e == null) {
            return "unknown";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && !(root instanceof PayloadRejectedException)) {
            root = root.getCause();
        }
        if (root instanceof PayloadRejectedException) {
            return root.getMessage();
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof com.jayway.jsonpath.InvalidJsonException) {
                return "not JSON";
            }
            if (t instanceof com.jayway.jsonpath.PathNotFoundException) {
                return "a required value is missing: " + t.getMessage();
            }
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    public long rejected() {
        return rejected.get();
    }
}
