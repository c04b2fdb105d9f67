package io.meterbridge.observe;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Readings written by the sinks that have no spool (files, the embedded store), as
 * {@code meterbridge_sink_readings_total{sink, outcome="delivered"}} beside the spooled sinks' own counts. The last
 * step of each such sink route, so only what was written is counted.
 */
public class SinkCounts implements CamelContextAware {

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private CamelContext camelContext;

    /** The readings (a Reading or a List) the sink just wrote. */
    public void written(Object readings, String sink) {
        long n = readings instanceof Collection<?> c ? c.size() : 1;
        counts.computeIfAbsent(sink, this::register).addAndGet(n);
    }

    private AtomicLong register(String sink) {
        AtomicLong count = new AtomicLong();
        MeterRegistry registry = Metrics.registry(camelContext);
        if (registry != null) {
            FunctionCounter.builder("meterbridge.sink.readings", count, AtomicLong::get).tag("sink", sink).tag("outcome", "delivered")
                    .description("Readings per sink: delivered, written to the spool, or dropped").register(registry);
        }
        return count;
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
