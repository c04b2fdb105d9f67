package io.meterbridge.observe;

import org.apache.camel.CamelContext;

import io.micrometer.core.instrument.MeterRegistry;

/** Where meterbridge's own meters go: the registry camel-micrometer-prometheus binds when camel.metrics.enabled is on. */
public final class Metrics {

    private Metrics() {
    }

    /** The registry, or null where metrics are off (or not bound yet: look again later). */
    public static MeterRegistry registry(CamelContext context) {
        return context == null ? null : context.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
    }
}
