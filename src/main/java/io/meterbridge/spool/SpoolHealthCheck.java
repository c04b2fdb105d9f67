package io.meterbridge.spool;

import java.io.IOException;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A sink's health: DOWN while its server does not take deliveries (the readings wait in the spool meanwhile), with
 * the spool's counters as details. Camel finds health checks bound in its registry, so a bean in
 * application.properties is all it takes; it is a readiness check only, because restarting the gateway would not
 * bring the server back.
 */
public class SpoolHealthCheck extends AbstractHealthCheck {

    private Spool spool;

    /** @param id the check's name in the health output, e.g. sink-influxdb */
    public SpoolHealthCheck(String id) {
        super("meterbridge", id);
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("sink", spool.getName());
        builder.detail("delivered", spool.delivered());
        builder.detail("spooled", spool.spooled());
        builder.detail("retries", spool.retried());
        builder.detail("dropped", spool.dropped());
        try {
            builder.detail("waiting", spool.depth());
        } catch (IOException e) {
            builder.error(e);
        }
        builder.detail("quarantined", spool.quarantined());
        if (spool.writeFailure() != null) {
            builder.message(spool.getName() + (spool.failing() ? " can neither deliver nor spool: " : " cannot spool, readings are "
                    + "dropped: ") + spool.writeFailure()).down();
        } else if (spool.failing()) {
            builder.message(spool.getName() + " does not take deliveries: " + spool.lastFailure()).down();
        } else {
            builder.up();
        }
    }

    public void setSpool(Spool spool) {
        this.spool = spool;
    }
}
