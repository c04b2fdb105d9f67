package io.meterbridge.pge;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.meterbridge.espi.EspiRejectedException;
import io.meterbridge.espi.EspiResources;

/**
 * PG&E's bulk notifications: a BatchList POSTed to our endpoint naming resources to fetch. Anyone who can reach the
 * endpoint can POST to it, so a notification is refused whole (4xx, counted, nothing fetched) when its body is larger
 * than {@code maxBytes}, it names more than {@code maxLinks} links, any link lies outside the configured PG&E API (same
 * scheme, host, port and path prefix: fetching another URL with the client certificate and token would hand both to
 * whoever sent it), or its sender posted more than {@code perClientPerMinute} in the last minute (429 with
 * Retry-After). A link fetched within {@code refetchAfter} is not fetched again (PG&E repeats notifications it thinks
 * were missed). The answer is given at once; fetching happens on the queue behind it.
 */
public class PgeNotifications {

    private static final Logger LOG = LoggerFactory.getLogger(PgeNotifications.class);
    private static final int REMEMBERED = 10_000;
    private static final String REMOTE_ADDRESS = "CamelVertxPlatformHttpRemoteAddress";

    private URI api;
    private int maxBytes = 65_536;
    private int maxLinks = 20;
    private int perClientPerMinute = 6;
    private Duration refetchAfter = Duration.ofHours(1);
    private Clock clock = Clock.systemUTC();
    private final Map<String, Instant> fetched = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > REMEMBERED;
        }
    };
    private final Map<String, Deque<Instant>> byClient = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > REMEMBERED;
        }
    };
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /** The links of the posted BatchList to fetch; the answer (200, or 4xx and why) is left in exchange properties. */
    public synchronized List<String> links(Exchange exchange) {
        Instant now = clock.instant();
        String client = String.valueOf(exchange.getMessage().getHeader(REMOTE_ADDRESS)).replaceFirst(":\\d+$", "");
        Deque<Instant> recent = byClient.computeIfAbsent(client, c -> new ArrayDeque<>());
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minusSeconds(60))) {
            recent.removeFirst();
        }
        if (recent.size() >= perClientPerMinute) {
            exchange.setProperty("MeterbridgeRetryAfter", 60);
            return refuse(exchange, 429, "more than " + perClientPerMinute + " notifications a minute from " + client);
        }
        recent.addLast(now);
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body == null || body.length > maxBytes) {
            return refuse(exchange, 413, "a notification is at most " + maxBytes + " bytes");
        }
        List<String> links;
        try {
            links = EspiResources.batchList(body);
        } catch (EspiRejectedException e) {
            return refuse(exchange, 400, "not a BatchList: " + e.getMessage());
        }
        if (links.size() > maxLinks) {
            return refuse(exchange, 400, links.size() + " links; a notification may name at most " + maxLinks);
        }
        for (String link : links) {
            if (!onApi(link)) {
                return refuse(exchange, 400, "a link to " + host(link) + ": only links to " + api.getAuthority() + " are fetched");
            }
        }
        List<String> fetch = new ArrayList<>();
        for (String link : links) {
            Instant last = fetched.get(link);
            if (last == null || !last.plus(refetchAfter).isAfter(now)) {
                fetched.put(link, now);
                accepted.incrementAndGet();
                fetch.add(link);
            }
        }
        LOG.info("Notification: {} resource(s) to fetch, {} fetched within the last {}", fetch.size(), links.size() - fetch.size(),
                refetchAfter);
        answer(exchange, 200, "");
        return fetch;
    }

    private List<String> refuse(Exchange exchange, int status, String why) {
        long n = refused.incrementAndGet();
        LOG.warn("Notification refused ({}): {} ({} refused so far); nothing fetched", status, why, n);
        answer(exchange, status, why);
        return List.of();
    }

    private boolean onApi(String link) {
        try {
            URI u = URI.create(link.trim());
            return api.getScheme().equalsIgnoreCase(u.getScheme()) && api.getHost().equalsIgnoreCase(u.getHost())
                    && api.getPort() == u.getPort() && u.getRawUserInfo() == null
                    && u.normalize().getRawPath().startsWith(api.getRawPath() + "/");
        } catch (IllegalArgumentException notAUri) {
            return false;
        }
    }

    private static String host(String link) {
        try {
            return String.valueOf(URI.create(link.trim()).getHost());
        } catch (IllegalArgumentException e) {
            return "(not a URL)";
        }
    }

    private static void answer(Exchange exchange, int status, String message) {
        exchange.setProperty("MeterbridgeAnswerCode", status);
        exchange.setProperty("MeterbridgeAnswer", message.isEmpty() ? "" : "{\"error\":\"" + message.replace("\"", "'") + "\"}");
    }

    public long accepted() {
        return accepted.get();
    }

    public long refused() {
        return refused.get();
    }

    /** Largest notification body accepted, in bytes. */
    public void setMaxBytes(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Most links one notification may name. */
    public void setMaxLinks(int maxLinks) {
        this.maxLinks = maxLinks;
    }

    /** Most notifications one client address may post in a minute. */
    public void setPerClientPerMinute(int perClientPerMinute) {
        this.perClientPerMinute = perClientPerMinute;
    }

    /** How long after a fetch the same link is fetched again when notified again. */
    public void setRefetchAfter(Duration refetchAfter) {
        this.refetchAfter = refetchAfter;
    }

    public void setClock(Clock clock) {
        this.clock = clock;
    }

    /** The PG&E API base URL; notification links must lie below it. */
    public void setApi(String api) {
        this.api = URI.create(api.endsWith("/") ? api.substring(0, api.length() - 1) : api);
    }
}
