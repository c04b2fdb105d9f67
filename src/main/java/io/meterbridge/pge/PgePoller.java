package io.meterbridge.pge;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.meterbridge.espi.EspiRejectedException;
import io.meterbridge.espi.EspiResources;

/**
 * What one scheduled poll asks PG&E for: the resources (from configuration, or the Authorization feed's active
 * authorizations), each for the windows its history still lacks ({@link PgeHistory#windows}), as URLs with
 * {@code published-min} / {@code published-max}. Also reports gaps PG&E is about to drop.
 */
public class PgePoller {

    private static final Logger LOG = LoggerFactory.getLogger(PgePoller.class);

    private PgeApi api;
    private PgeHistory history;
    private String authorizationUrl;
    private List<String> resources = List.of();
    private Duration backfill = Duration.ofDays(30);
    private Duration available = Duration.ofDays(365);
    private Duration gapWarning = Duration.ofDays(14);
    private Duration maxWindow = Duration.ofDays(31);
    private Clock clock = Clock.systemUTC();
    private volatile List<PgeHistory.Gap> expiring = List.of();

    /** The URLs to fetch now, oldest window first. */
    public List<String> requests() throws PgeUnavailableException, PgeRefusedException, EspiRejectedException, IOException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        List<String> urls = new ArrayList<>();
        for (String resource : resources()) {
            for (Instant[] w : history.windows(resource, now, backfill, available, maxWindow)) {
                urls.add(resource + (resource.contains("?") ? "&" : "?") + "published-min=" + w[0] + "&published-max=" + w[1]);
            }
        }
        expiring = history.expiring(now, available, gapWarning);
        LOG.info("PG&E poll: {} request(s)", urls.size());
        return urls;
    }

    private List<String> resources() throws PgeUnavailableException, PgeRefusedException, EspiRejectedException {
        if (!resources.isEmpty()) {
            return resources;
        }
        byte[] feed = api.get(authorizationUrl);
        List<String> authorized = EspiResources.authorizedResources(feed);
        if (authorized.isEmpty()) {
            LOG.warn("PG&E's Authorization feed lists no active authorization: has the Share My Data registration been completed?");
        }
        return authorized;
    }

    /** Gaps PG&E drops soon, as of the last poll (for the health check). */
    public List<PgeHistory.Gap> expiring() {
        return expiring;
    }

    public void setApi(PgeApi api) {
        this.api = api;
    }

    public void setHistory(PgeHistory history) {
        this.history = history;
    }

    /** The Authorization resource that lists what this client may fetch. */
    public void setAuthorizationUrl(String authorizationUrl) {
        this.authorizationUrl = authorizationUrl;
    }

    /** Resources to poll instead of those the Authorization feed lists; empty to discover them. */
    public void setResources(List<String> resources) {
        this.resources = List.copyOf(resources);
    }

    /** How far back (days) the first poll of a resource asks. */
    public void setBackfillDays(int days) {
        this.backfill = Duration.ofDays(days);
    }

    /** How long (days) PG&E keeps data available: gaps older than this cannot be filled any more. */
    public void setAvailableDays(int days) {
        this.available = Duration.ofDays(days);
    }

    /** Warn (and report DOWN) this many days before a gap's first day is dropped by PG&E. */
    public void setGapWarningDays(int days) {
        this.gapWarning = Duration.ofDays(days);
    }

    /** Longest window (days) asked in one request; longer spans are split. */
    public void setMaxWindowDays(int days) {
        this.maxWindow = Duration.ofDays(days);
    }

    /** For tests that move time; the system clock otherwise. */
    public void setClock(Clock clock) {
        this.clock = clock;
    }
}
