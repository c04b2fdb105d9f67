package io.meterbridge.pge;

import io.meterbridge.testing.TestCorpus;
import io.meterbridge.testing.TestPki;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

/**
 * A stand-in for api.pge.com on a loopback port: HTTPS that requires a client certificate and, in its
 * CertificateRequest, lists only a CA unrelated to the client's (so a client that picks its certificate by the
 * list sends none); the OAuth2 token endpoint; the Authorization feed; a Subscription resource answering
 * published-min/max windows with whole corpus days (overlapping at the edges, as PG&E does); a Bulk resource that
 * answers a window request with 202 and serves the resources a notification names. It can revoke the first token early (a 401) and answer 429 once.
 */
final class FakePge implements AutoCloseable {

    static final String CLIENT_ID = "test-client-id";
    static final String CLIENT_SECRET = "test-client-secret-DO-NOT-LOG";
    static final String BASE = "/GreenButtonConnect/espi/1_1";
    static final String TOKEN_PATH = "/datacustodian/test/oauth/v2/token";
    static final String SUBSCRIPTION = BASE + "/resource/Batch/Subscription/4095251";
    static final String BULK = BASE + "/resource/Batch/Bulk/50916";
    static final Path ESPI = TestCorpus.of("espi");
    private static final Pattern START = Pattern.compile("<ns0:start>(\\d+)</ns0:start>");

    private final HttpsServer server;
    final List<Path> days = new CopyOnWriteArrayList<>();
    final Map<String, Path> bulk = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    final AtomicInteger tokens = new AtomicInteger();
    final AtomicInteger refusedTokens = new AtomicInteger();
    /** The first token stops working after this many requests (a token revoked or expired early). */
    volatile int firstTokenUses = Integer.MAX_VALUE;
    final AtomicBoolean tooManyOnce = new AtomicBoolean();
    private final AtomicInteger firstTokenUsed = new AtomicInteger();

    FakePge(TestPki pki) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", pki.server.keys().getPrivate(), "pw".toCharArray(), new X509Certificate[] { pki.server.certificate() });
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "pw".toCharArray());
        X509Certificate clientCa = pki.clientCa.certificate();
        X509Certificate listed = pki.unrelatedCa.certificate();
        TrustManager clients = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                try {
                    chain[0].verify(clientCa.getPublicKey());
                } catch (Exception e) {
                    throw new CertificateException("client certificate not issued by the client CA");
                }
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("a server only");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[] { listed }; // what the CertificateRequest names: not the client's CA
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), new TrustManager[] { clients }, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = context.getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                // TLS 1.2, as PG&E's API speaks it: the CertificateRequest always carries the CA list
                p.setProtocols(new String[] { "TLSv1.2" });
                params.setSSLParameters(p);
            }
        });
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "https://localhost:" + server.getAddress().getPort();
    }

    int hits(String pathAndQuery) {
        AtomicInteger n = hits.get(pathAndQuery);
        return n == null ? 0 : n.get();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x; InputStream in = x.getRequestBody()) {
            in.readAllBytes();
            URI uri = x.getRequestURI();
            String path = uri.getRawPath();
            hits.computeIfAbsent(path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()), k -> new AtomicInteger()).incrementAndGet();
            if (path.equals(TOKEN_PATH)) {
                token(x);
                return;
            }
            String auth = x.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer tok-") || !valid(auth.substring(7))) {
                refusedTokens.incrementAndGet();
                send(x, 401, "application/json", "{\"error\":\"invalid_token\"}");
                return;
            }
            if (path.equals(BASE + "/resource/Authorization")) {
                send(x, 200, "application/atom+xml", Files.readString(ESPI.resolve("openespi_greenbutton_java/Authorization-Entry-Anonymized.xml"))
                        .replaceAll("<espi:resourceURI>[^<]*</espi:resourceURI>", "<espi:resourceURI>" + url() + SUBSCRIPTION + "</espi:resourceURI>"));
            } else if (path.equals(SUBSCRIPTION)) {
                if (tooManyOnce.compareAndSet(true, false)) {
                    x.getResponseHeaders().add("Retry-After", "1");
                    send(x, 429, "application/json", "{\"error\":\"too many requests\"}");
                    return;
                }
                Map<String, String> q = query(uri.getRawQuery());
                send(x, 200, "application/atom+xml", feed(Instant.parse(q.get("published-min")), Instant.parse(q.get("published-max"))));
            } else if (path.equals(BULK) && query(uri.getRawQuery()).containsKey("published-min")) {
                // self-access bulk requests: accepted, the data follows as a notification
                send(x, 202, "application/json", "");
            } else if (path.equals(BULK) && bulk.containsKey(query(uri.getRawQuery()).get("correlationID"))) {
                send(x, 200, "application/atom+xml", Files.readString(bulk.get(query(uri.getRawQuery()).get("correlationID"))));
            } else {
                send(x, 404, "application/json", "{\"error\":\"not found\"}");
            }
        }
    }

    private boolean valid(String token) {
        return !token.equals("tok-1") || firstTokenUsed.incrementAndGet() <= firstTokenUses;
    }

    private void token(HttpExchange x) throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        if (!"POST".equals(x.getRequestMethod()) || !expected.equals(x.getRequestHeaders().getFirst("Authorization"))) {
            send(x, 401, "application/json", "{\"error\":\"invalid_client\"}");
            return;
        }
        send(x, 200, "application/json", "{\"client_access_token\":\"tok-" + tokens.incrementAndGet() + "\",\"expires_in\":3600}");
    }

    /** Every available day file that touches the window (edges included), merged into one feed. */
    private String feed(Instant min, Instant max) throws IOException {
        String first = null;
        StringBuilder more = new StringBuilder();
        for (Path day : days) {
            String text = Files.readString(day);
            long[] span = span(text);
            if (span[0] > max.getEpochSecond() || span[1] < min.getEpochSecond()) {
                continue;
            }
            if (first == null) {
                first = text;
            } else {
                Matcher entries = Pattern.compile("<ns1:entry[ >].*?</ns1:entry>", Pattern.DOTALL).matcher(text);
                while (entries.find()) {
                    if (entries.group().contains("IntervalBlock")) {
                        more.append(entries.group()).append('\n');
                    }
                }
            }
        }
        if (first == null) {
            return "<ns1:feed xmlns:ns1=\"http://www.w3.org/2005/Atom\"><ns1:id>empty</ns1:id></ns1:feed>";
        }
        int end = first.lastIndexOf("</ns1:feed>");
        return first.substring(0, end) + more + first.substring(end);
    }

    /** First interval start and last interval end of a PG&E day file (hourly readings). */
    static long[] span(String text) {
        Matcher m = START.matcher(text);
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        while (m.find()) {
            long s = Long.parseLong(m.group(1));
            lo = Math.min(lo, s);
            hi = Math.max(hi, s + 3600);
        }
        return new long[] { lo, hi };
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new ConcurrentHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", type);
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
    }

    List<String> paths() {
        return new ArrayList<>(hits.keySet());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
