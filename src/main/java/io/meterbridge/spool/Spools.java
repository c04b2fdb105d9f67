package io.meterbridge.spool;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;

import io.meterbridge.settings.Beans;
import io.meterbridge.settings.Settings;

/** Spools with their directory below spool.directory, their bound (spool.max-bytes) and health check. */
public final class Spools {

    private Spools() {
    }

    /**
     * Binds a network sink's spool named {@code bean}, in spool.directory/{@code prefix}, batched by
     * {@code <prefix>.batch-size} and {@code <prefix>.batch-interval}, with the health check {@code sink-<prefix>}.
     */
    public static Spool bind(CamelContext context, String bean, String name, String prefix, SpoolFormat format) {
        Settings settings = new Settings(context);
        Spool spool = make(context, name, prefix);
        spool.setBatchSize(settings.whole(prefix + ".batch-size", 1, 1_000_000));
        spool.setBatchInterval(settings.whole(prefix + ".batch-interval", 1L, 3_600_000L));
        if (format != null) {
            spool.setFormat(format);
        }
        return Beans.bind(context, bean, spool);
    }

    /** A spool in spool.directory/{@code directory}, its health check sink-{@code directory} registered. */
    static Spool make(CamelContext context, String name, String directory) {
        Settings settings = new Settings(context);
        Spool spool = new Spool();
        spool.setName(name);
        spool.setDirectory(settings.text("spool.directory") + "/" + directory);
        spool.setMaxBytes(settings.whole("spool.max-bytes", 1L << 20, Long.MAX_VALUE));
        spool.setCamelContext(context);
        SpoolHealthCheck check = new SpoolHealthCheck("sink-" + directory);
        check.setSpool(spool);
        check.setCamelContext(context);
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        if (registry != null) {
            registry.register(check);
        } else {
            // while Camel is being configured: it collects the checks bound in its registry when health starts
            Beans.bind(context, check.getId() + "-health", check);
        }
        return spool;
    }
}
