package io.meterbridge.pge;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.meterbridge.framing.FramingConstants;

/**
 * Requests to PG&E Share My Data, through one camel-http endpoint over mutual TLS: an OAuth2 client-credentials
 * token (HTTP Basic with the client id and secret; PG&E answers {@code client_access_token} and
 * {@code expires_in}) cached until shortly before it expires and fetched again once when a request gets 401;
 * then the resource with that Bearer token. Answers are sorted: 200 is data, 202 means PG&E will post it to
 * the notification endpoint, 429/5xx/unreachable are {@link PgeUnavailableException} (retried with back-off),
 * other refusals {@link PgeRefusedException}. Tokens and the secret never reach a log line or an exception.
 */
public class PgeApi implements CamelContextAware {

    /** Header: the URL a fetch asked for, for log lines and the history. */
    public static final String URL = "MeterbridgePgeUrl";

    private static final Logger LOG = LoggerFactory.getLogger(PgeApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A token is fetched again this long before PG&E says it expires, so no request carries a dying one. */
    private static final long EXPIRY_MARGIN_SECONDS = 60;

    private CamelContext camelContext;
    private ProducerTemplate template;
    private String endpoint;
    private String tokenUrl;
    private String clientId;
    private String clientSecret;
    private Clock clock = Clock.systemUTC();

    private volatile String lastError;
    private String token;
    private Instant tokenExpires = Instant.MIN;
    private final AtomicLong tokensIssued = new AtomicLong();
    private final AtomicLong fetched = new AtomicLong();

    /** One answer: status, body, and the Retry-After header if any. */
    record Answer(int status, byte[] body, String retryAfter) {

        /** Too many requests, or the server failing: worth another try later. */
        boolean busy() {
            return status == 429 || status >= 500;
        }
    }

    /**
     * The resource at the exchange's body (a URL): its bytes, or null when PG&E accepted the request and will post
     * the data to the notification endpoint (202).
     */
    public byte[] fetch(Exchange exchange) throws PgeUnavailableException, PgeRefusedException {
        String url = exchange.getMessage().getBody(String.class);
        exchange.getMessage().setHeader(URL, url);
        // names the feed in the payload error log if the espi data format rejects it
        exchange.getMessage().setHeader(FramingConstants.FRAME_ORIGIN, "PG&E " + path(url));
        try {
            return get(url);
        } catch (PgeUnavailableException e) {
            if (e.retryAfterSeconds() != null) {
                // Camel's redelivery waits this long before the next attempt instead of its own back-off step
                exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, e.retryAfterSeconds() * 1000);
            }
            throw e;
        }
    }

    /** The resource at {@code url}; null for 202 (PG&E will post it to the notification endpoint). */
    public byte[] get(String url) throws PgeUnavailableException, PgeRefusedException {
        try {
            Answer a = authorized(url);
            if (a.busy()) {
                Long retryAfter = a.retryAfter != null && a.retryAfter.matches("\\d{1,6}") ? Long.valueOf(a.retryAfter) : null;
                throw new PgeUnavailableException("PG&E answered " + a.status + " for " + path(url)
                        + (retryAfter != null ? " (retry after " + retryAfter + " s)" : ""), retryAfter);
            }
            if (a.status == 202) {
                LOG.info("PG&E accepted the request for {}; it will post the data to the notification endpoint", path(url));
                lastError = null;
                return null;
            }
            if (a.status != 200) {
                throw new PgeRefusedException("PG&E refused " + path(url) + " with " + a.status + error(a.body)
                        + (a.status == 401 || a.status == 403 ? ": is this client certificate and client id registered for it?" : ""));
            }
            fetched.incrementAndGet();
            lastError = null;
            return a.body;
        } catch (PgeUnavailableException | PgeRefusedException e) {
            lastError = e.getMessage();
            throw e;
        }
    }

    /** A GET with the current token; on 401 once more with a fresh one (the token expired or was revoked early). */
    private Answer authorized(String url) throws PgeUnavailableException, PgeRefusedException {
        String used = bearer();
        Answer a = send("GET", url, "Bearer " + used, null);
        if (a.status == 401) {
            LOG.info("PG&E refused the access token for {} (401); fetching a new one", path(url));
            expired(used);
            a = send("GET", url, "Bearer " + bearer(), null);
        }
        return a;
    }

    private synchronized String bearer() throws PgeUnavailableException, PgeRefusedException {
        if (token == null || clock.instant().isAfter(tokenExpires.minusSeconds(EXPIRY_MARGIN_SECONDS))) {
            requestToken();
        }
        return token;
    }

    private synchronized void expired(String used) {
        if (used.equals(token)) {
            token = null;
        }
    }

    private void requestToken() throws PgeUnavailableException, PgeRefusedException {
        if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank()) {
            throw new PgeRefusedException("no PG&E client id or client secret: set PGE_CLIENT_ID and PGE_CLIENT_SECRET");
        }
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        Answer a = send("POST", tokenUrl, "Basic " + basic, "grant_type=client_credentials");
        if (a.busy()) {
            throw new PgeUnavailableException("PG&E's token endpoint answered " + a.status, null);
        }
        if (a.status != 200) {
            throw new PgeRefusedException("PG&E's token endpoint refused the client id and secret with " + a.status + error(a.body));
        }
        try {
            JsonNode reply = JSON.readTree(a.body);
            JsonNode value = reply.hasNonNull("client_access_token") ? reply.get("client_access_token") : reply.get("access_token");
            if (value == null || value.asText().isEmpty()) {
                throw new PgeRefusedException("PG&E's token endpoint answered without client_access_token");
            }
            long expiresIn = reply.path("expires_in").asLong(3600);
            token = value.asText();
            tokenExpires = clock.instant().plusSeconds(expiresIn);
            long n = tokensIssued.incrementAndGet();
            LOG.info("PG&E access token obtained, valid for {} s ({} so far)", expiresIn, n);
        } catch (java.io.IOException e) {
            throw new PgeRefusedException("PG&E's token endpoint answered something that is not JSON");
        }
    }

    private Answer send(String method, String url, String authorization, String form) throws PgeUnavailableException {
        Exchange done = producer().request(endpoint, e -> {
            Message m = e.getMessage();
            m.setHeader(Exchange.HTTP_URI, url);
            m.setHeader(Exchange.HTTP_METHOD, method);
            m.setHeader("Authorization", authorization);
            m.setHeader("Accept", form == null ? "application/atom+xml, application/xml" : "application/json");
            if (form != null) {
                m.setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
                m.setBody(form);
            }
        });
        Exception failure = done.getException();
        if (failure != null) {
            boolean tls = failure instanceof SSLException || failure.getCause() instanceof SSLException;
            throw new PgeUnavailableException("cannot reach " + URI.create(url).getHost() + ": "
                    + (tls ? "TLS handshake failed (" + failure.getMessage() + "); is the client certificate the one registered with PG&E?"
                            : failure.getClass().getSimpleName() + ": " + failure.getMessage()), null);
        }
        Message m = done.getMessage();
        byte[] body = m.getBody(byte[].class);
        return new Answer(m.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class), body == null ? new byte[0] : body,
                m.getHeader("Retry-After", String.class));
    }

    private synchronized ProducerTemplate producer() {
        if (template == null) {
            template = camelContext.createProducerTemplate();
        }
        return template;
    }

    /** PG&E's OAuth error code, if the body has one; nothing else of a body reaches a log. */
    private static String error(byte[] body) {
        try {
            JsonNode e = JSON.readTree(body).path("error");
            return e.isTextual() ? " (" + e.asText().replaceAll("[^A-Za-z0-9_ .-]", "") + ")" : "";
        } catch (Exception notJson) {
            return "";
        }
    }

    /** A URL without its host, for log lines. */
    static String path(String url) {
        URI u = URI.create(url);
        return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }

    public long tokensIssued() {
        return tokensIssued.get();
    }

    /** Why the last request failed, or null when it succeeded. */
    public String lastError() {
        return lastError;
    }

    public long fetched() {
        return fetched.get();
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    /** The camel-http endpoint every request goes through (its TLS settings); the URL is set per request. */
    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public void setTokenUrl(String tokenUrl) {
        this.tokenUrl = tokenUrl;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret;
    }

    /** For tests that move time; the system clock otherwise. */
    public void setClock(Clock clock) {
        this.clock = clock;
    }
}
