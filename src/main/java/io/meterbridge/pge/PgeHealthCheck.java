package io.meterbridge.pge;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The PG&E source's health (readiness, in /observe/health as source-pge): DOWN while PG&E refuses or cannot be
 * reached, and while a gap in the history is about to be dropped by PG&E, so someone looks before data is lost
 * for good. Details: requests fetched, tokens issued, notifications accepted and refused, gaps.
 */
public class PgeHealthCheck extends AbstractHealthCheck {

    private PgeApi api;
    private PgePoller poller;
    private PgeHistory history;
    private PgeNotifications notifications;

    public PgeHealthCheck() {
        super("meterbridge", "source-pge");
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("fetched", api.fetched());
        builder.detail("tokens", api.tokensIssued());
        builder.detail("notificationsAccepted", notifications.accepted());
        builder.detail("notificationsRefused", notifications.refused());
        try {
            builder.detail("gaps", history.gaps().size());
        } catch (IOException e) {
            builder.error(e);
        }
        List<PgeHistory.Gap> expiring = poller.expiring();
        builder.detail("gapsExpiringSoon", expiring.size());
        if (api.lastError() != null) {
            builder.message(api.lastError()).down();
        } else if (!expiring.isEmpty()) {
            PgeHistory.Gap g = expiring.get(0);
            builder.message("PG&E drops the missing intervals from " + g.start() + " of meter " + g.meter() + " soon").down();
        } else {
            builder.up();
        }
    }

    public void setApi(PgeApi api) {
        this.api = api;
    }

    public void setPoller(PgePoller poller) {
        this.poller = poller;
    }

    public void setHistory(PgeHistory history) {
        this.history = history;
    }

    public void setNotifications(PgeNotifications notifications) {
        this.notifications = notifications;
    }
}
