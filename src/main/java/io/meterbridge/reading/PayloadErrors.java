package io.meterbridge.reading;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.meterbridge.framing.FramingConstants;
import io.meterbridge.observe.Metrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts MQTT payloads that gave no reading and logs each topic's reason once: a device that publishes the same
 * broken payload every ten seconds must not fill the log, and the consumer goes on with the next message. The count is
 * {@code meterbridge_payloads_rejected_total} in /observe/metrics.
 */
public class PayloadErrors implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(PayloadErrors.class);
    /** Topics remembered for "once per topic"; beyond this a new topic is logged again, which is harmless. */
    private static final int MAX_TOPICS = 10_000;

    private final Map<String, String> lastReason = new ConcurrentHashMap<>();
    private final AtomicLong rejected = new AtomicLong();
    private CamelContext camelContext;
    private volatile boolean registered;

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
        register();
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

    private void register() {
        if (!registered) {
            registered = true;
            MeterRegistry registry = Metrics.registry(camelContext);
            if (registry != null) {
                FunctionCounter.builder("meterbridge.payloads.rejected", rejected, AtomicLong::get)
                        .description("MQTT, Glow and EMU-2 payloads that gave no reading (not JSON, a value missing or no meter reports)")
                        .register(registry);
            }
        }
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
