package io.meterbridge.observe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.meterbridge.reading.Fields;
import io.meterbridge.reading.Reading;

/**
 * What every source delivered, seen at the hub: readings per source ({@code meterbridge_readings_total{source}}), the
 * age of each source's last reading ({@code meterbridge_last_reading_age_seconds{source}}), and a readiness check per
 * expected source ({@code fresh-<source>} in /observe/health): DOWN once the source has been silent longer than its
 * expected interval, counted from start for a source not heard yet. The checks are registered at start, one per
 * configured source, so the configuration decides which sources are watched, without a class per source.
 */
public class SourceActivity implements CamelContextAware {

    private final Map<String, Source> sources = new ConcurrentHashMap<>();
    private final Map<String, Duration> expected = new ConcurrentHashMap<>();
    private final List<Freshness> checks = new ArrayList<>();
    private CamelContext camelContext;
    private volatile MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();
    private final Instant started = Instant.now();

    private final class Source {
        final AtomicLong readings = new AtomicLong();
        volatile Instant last;

        Source(String name) {
            MeterRegistry registry = registry();
            if (registry != null) {
                FunctionCounter.builder("meterbridge.readings", readings, AtomicLong::get).tag("source", name)
                        .description("Readings each source delivered to the hub").register(registry);
                Gauge.builder("meterbridge.last.reading.age", this, s -> s.last == null ? Double.NaN
                        : Duration.between(s.last, clock.instant()).toMillis() / 1000.0).tag("source", name).baseUnit("seconds")
                        .description("Seconds since the source's last reading reached the hub").register(registry);
            }
        }
    }

    /** The hub's first step: the message's readings (a Reading or a List) counted per source. */
    public void seen(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof Reading r) {
            seen(r);
        } else if (body instanceof Collection<?> list) {
            for (Object o : list) {
                if (o instanceof Reading r) {
                    seen(r);
                }
            }
        }
    }

    private void seen(Reading r) {
        String name = r.tag(Fields.TAG_SOURCE) != null ? r.tag(Fields.TAG_SOURCE) : "unknown";
        Source s = sources.computeIfAbsent(name, Source::new);
        s.readings.incrementAndGet();
        s.last = clock.instant();
    }

    /**
     * The sources to watch and how long each may be silent, in ms: {@code dsmr:60000,meterman:900000}. A source
     * not listed is counted but never DOWN.
     */
    public void setExpected(String spec) {
        expected.clear();
        checks.clear();
        for (String entry : spec.split(",")) {
            String[] kv = entry.strip().split(":");
            if (kv.length != 2 || !kv[1].strip().matches("\\d{1,12}")) {
                throw new IllegalArgumentException("expected sources must be source:milliseconds entries, e.g. dsmr:60000: " + entry);
            }
            String name = kv[0].strip();
            expected.put(name, Duration.ofMillis(Long.parseLong(kv[1].strip())));
            checks.add(new Freshness(name));
        }
    }

    private final class Freshness extends AbstractHealthCheck {
        private final String source;

        Freshness(String source) {
            super("meterbridge", "fresh-" + source);
            this.source = source;
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            Source s = sources.get(source);
            Instant last = s == null ? null : s.last;
            Duration allowed = expected.get(source);
            Duration silent = Duration.between(last != null ? last : started, clock.instant());
            builder.detail("expectedWithinMs", allowed.toMillis());
            builder.detail("readings", s == null ? 0 : s.readings.get());
            if (last != null) {
                builder.detail("lastReading", last.toString());
            }
            if (silent.compareTo(allowed) > 0) {
                builder.message(source + (last == null ? " has sent nothing since start " : " has been silent for ") + silent.toSeconds() + " s").down();
            } else {
                builder.up();
            }
        }
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        if (this.camelContext == camelContext) {
            return; // Camel may hand the context over twice
        }
        this.camelContext = camelContext;
        try {
            camelContext.addStartupListener((context, alreadyStarted) -> {
                HealthCheckRegistry health = HealthCheckRegistry.get(context);
                if (health != null) {
                    checks.forEach(health::register);
                }
            });
        } catch (Exception e) {
            throw RuntimeCamelException.wrapRuntimeException(e);
        }
    }

    // looked up at the first reading, as it is bound after this bean is made
    private MeterRegistry registry() {
        if (registry == null && camelContext != null) {
            registry = Metrics.registry(camelContext);
        }
        return registry;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
