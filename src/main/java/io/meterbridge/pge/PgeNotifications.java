package io.meterbridge.pge;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.meterbridge.espi.EspiRejectedException;
import io.meterbridge.espi.EspiResources;

/**
 * PG&E's bulk notifications: a BatchList POSTed to our endpoint naming resources to fetch. Only links to the
 * configured PG&E API (same scheme, host, port and path prefix) are accepted: anyone can POST to the endpoint,
 * and fetching an arbitrary URL with the client certificate and token would hand both to whoever sent it. A link
 * seen recently is not fetched again (PG&E repeats notifications it thinks were missed). The answer is given at
 * once; fetching happens on the queue behind it.
 */
public class PgeNotifications {

    private static final Logger LOG = LoggerFactory.getLogger(PgeNotifications.class);
    private static final int REMEMBERED = 10_000;

    private URI api;
    private final Set<String> recent = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /**
     * The links of the posted BatchList to fetch. Answers 400 with a reason when the body is not a BatchList or
     * none of its links may be fetched; 200 otherwise.
     */
    public synchronized List<String> links(Exchange exchange) {
        List<String> fetch = new ArrayList<>();
        List<String> links;
        try {
            links = EspiResources.batchList(exchange.getMessage().getBody(byte[].class));
        } catch (EspiRejectedException e) {
            LOG.warn("Notification refused: {}", e.getMessage());
            answer(exchange, 400, "not a BatchList: " + e.getMessage());
            return fetch;
        }
        int foreign = 0;
        for (String link : links) {
            if (!onApi(link)) {
                foreign++;
                long n = refused.incrementAndGet();
                LOG.warn("Notification link to {} refused: only {}://{} is fetched ({} refused so far)", host(link), api.getScheme(),
                        api.getAuthority(), n);
            } else if (recent.add(link)) {
                accepted.incrementAndGet();
                fetch.add(link);
            }
        }
        if (foreign > 0 && foreign == links.size()) {
            answer(exchange, 400, "no link to " + api.getAuthority() + " in the BatchList");
        } else {
            LOG.info("Notification: {} resource(s) to fetch", fetch.size());
            answer(exchange, 200, "");
        }
        return fetch;
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

    /** The PG&E API base URL; notification links must lie below it. */
    public void setApi(String api) {
        this.api = URI.create(api.endsWith("/") ? api.substring(0, api.length() - 1) : api);
    }
}
