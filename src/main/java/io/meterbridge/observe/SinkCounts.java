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
 * {@code meterbridge_sink_readings_total{sink, outcome="delivered"|"failed"}} beside the spooled sinks' own counts. The last
 * step of each such sink route, so only what was written is counted.
 */
public class SinkCounts implements CamelContextAware {

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private CamelContext camelContext;

    /** The readings (a Reading or a List) the sink just wrote. */
    public void written(Object readings, String sink) {
        count(readings, sink, "delivered");
    }

    /** The readings (a Reading or a List) the sink failed to write. */
    public void failed(Object readings, String sink) {
        count(readings, sink, "failed");
    }

    private void count(Object readings, String sink, String outcome) {
        long n = readings instanceof Collection<?> c ? c.size() : 1;
        counts.computeIfAbsent(sink + "|" + outcome, key -> register(sink, outcome)).addAndGet(n);
    }

    private AtomicLong register(String sink, String outcome) {
        AtomicLong count = new AtomicLong();
        MeterRegistry registry = Metrics.registry(camelContext);
        if (registry != null) {
            FunctionCounter.builder("meterbridge.sink.readings", count, AtomicLong::get).tag("sink", sink).tag("outcome", outcome)
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
