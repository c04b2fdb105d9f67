package io.meterbridge.spool;

import org.apache.camel.CamelContext;

import io.meterbridge.settings.Beans;
import io.meterbridge.settings.Settings;

/** A network sink's spool and its health check, from the sink's batch settings and the spool settings. */
public final class Spools {

    private Spools() {
    }

    /**
     * Binds a spool named {@code bean} in a directory of its own below spool.directory, batched by
     * {@code <prefix>.batch-size} and {@code <prefix>.batch-interval}, with the health check {@code sink-<prefix>}.
     */
    public static Spool bind(CamelContext context, String bean, String name, String prefix, SpoolFormat format) {
        Settings settings = new Settings(context);
        Spool spool = new Spool();
        spool.setName(name);
        spool.setDirectory(settings.text("spool.directory") + "/" + prefix);
        spool.setBatchSize(settings.whole(prefix + ".batch-size", 1, 1_000_000));
        spool.setBatchInterval(settings.whole(prefix + ".batch-interval", 1L, 3_600_000L));
        spool.setMaxBytes(settings.whole("spool.max-bytes", 1L << 20, Long.MAX_VALUE));
        if (format != null) {
            spool.setFormat(format);
        }
        SpoolHealthCheck health = new SpoolHealthCheck("sink-" + prefix);
        health.setSpool(spool);
        Beans.bind(context, bean + "Health", health);
        return Beans.bind(context, bean, spool);
    }
}
