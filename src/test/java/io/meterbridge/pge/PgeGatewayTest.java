package io.meterbridge.pge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import javax.net.ssl.SSLContext;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.testing.InfluxServer;
import io.meterbridge.testing.TestGateway;
import io.meterbridge.testing.TestPki;
import io.meterbridge.tls.PemTrustManagers;

/**
 * The PG&E source end to end, with the shipped routes: a local HTTPS server that demands a client certificate
 * and lists an unrelated CA, a real InfluxDB. The gateway gets a token, survives a revoked token (401) and a 429,
 * writes exactly the MANIFEST's readings, writes nothing twice when polled again, resumes after a restart from
 * its checkpoint, fills a gap it noticed once PG&E has the data, and warns before a gap expires. Notifications:
 * each resource fetched once, links to another host refused.
 */
@Timeout(240)
class PgeGatewayTest {

    private static final String DB = "meterbridge";
    private static final String DAYS = "pgesmd_self_access/single_days/";
    private static final String COUNT = "SELECT count(energy_import_interval_kwh), sum(energy_import_interval_kwh) FROM electricity";

    @TempDir
    Path dir;

    /** The clock the poller and token cache read; the test moves it. */
    private final AtomicReference<Instant> now = new AtomicReference<>();
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    /** The gateway with the PG&E route; {@code resources} to poll instead of the Authorization feed's, or null. */
    private Main gateway(TestPki pki, FakePge pge, InfluxServer influx, int httpPort, String resources) throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Main main = TestGateway.newMain();
        main.addOverrideProperty("camel.main.routes-include-pattern", "file:routes/*.camel.yaml,file:routes/examples/pge.camel.yaml");
        main.addOverrideProperty("camel.server.enabled", "true");
        // the notification endpoint over HTTPS, as PG&E requires, with Camel's global TLS settings
        Path p12 = keys.resolve("server.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", pki.server.keys().getPrivate(), "changeit".toCharArray(), new X509Certificate[] { pki.server.certificate() });
        try (var out = Files.newOutputStream(p12)) {
            store.store(out, "changeit".toCharArray());
        }
        main.addOverrideProperty("camel.ssl.enabled", "true");
        main.addOverrideProperty("camel.ssl.key-store", "file:" + p12);
        main.addOverrideProperty("camel.ssl.keystore-password", "changeit");
        main.addOverrideProperty("camel.server.use-global-ssl-context-parameters", "true");
        main.addOverrideProperty("camel.server.port", String.valueOf(httpPort));
        main.addOverrideProperty("hub.sinks", "direct:sink-influxdb,direct:sink-store");
        main.addOverrideProperty("store.zone", "America/Los_Angeles"); // PG&E's days
        main.addOverrideProperty("influxdb.url", influx.url());
        main.addOverrideProperty("influxdb.batch-interval", "200");
        main.addOverrideProperty("files.directory", dir.resolve("data").toString());
        main.addOverrideProperty("p1.uri", "replay:" + Files.writeString(dir.resolve("empty.log"), ""));
        main.addOverrideProperty("pge.api", pge.url() + FakePge.BASE);
        main.addOverrideProperty("pge.token-url", pge.url() + FakePge.TOKEN_PATH);
        main.addOverrideProperty("pge.client-id", FakePge.CLIENT_ID);
        main.addOverrideProperty("pge.client-secret", FakePge.CLIENT_SECRET);
        // PKCS#1 key and the certificate in separate PEM files, as OpenSSL writes them
        main.addOverrideProperty("pge.key", TestPki.write(keys.resolve("client.key"), TestPki.pem(pki.client.keys())).toString());
        main.addOverrideProperty("pge.certificate", TestPki.write(keys.resolve("client.crt"), TestPki.pem(pki.client.certificate())).toString());
        main.addOverrideProperty("pge.trust", TestPki.write(keys.resolve("server-ca.crt"), TestPki.pem(pki.serverCa.certificate())).toString());
        main.addOverrideProperty("pge.poll-on-start", "false");
        main.addOverrideProperty("pge.schedule", "0+0+0+1+1+?+2099");
        main.addOverrideProperty("pge.backfill-days", "7");
        main.addOverrideProperty("pge.max-window-days", "60");
        main.addOverrideProperty("pge.retry-delay", "200");
        main.addOverrideProperty("pge.notify-per-minute", "8");
        if (resources != null) {
            main.addOverrideProperty("pge.resources", resources);
        }
        main.start();
        main.getCamelContext().getRegistry().lookupByNameAndType("pgePoller", PgePoller.class).setClock(clock);
        main.getCamelContext().getRegistry().lookupByNameAndType("pgeApi", PgeApi.class).setClock(clock);
        return main;
    }

    /** A running influxd with the database the gateway writes to. */
    private InfluxServer influx() throws Exception {
        InfluxServer influx = new InfluxServer(Files.createDirectory(dir.resolve("influx")));
        influx.start();
        influx.query(DB, "CREATE DATABASE " + DB);
        return influx;
    }

    private static HttpResponse<String> post(HttpClient http, URI uri, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A client that trusts the test server's CA, as a user's client trusts theirs. */
    private static HttpClient trusting(Path keys) throws Exception {
        PemTrustManagers trust = new PemTrustManagers();
        trust.setCertificates(keys.resolve("server-ca.crt").toString());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.createTrustManagers(), null);
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls).build();
    }

    private static void poll(Main main) {
        main.getCamelContext().createProducerTemplate().sendBody("direct:pge-poll", null);
    }

    private static PgeApi api(Main main) {
        return main.getCamelContext().getRegistry().lookupByNameAndType("pgeApi", PgeApi.class);
    }

    /** Waits until the gateway fetched {@code fetches} feeds in all and InfluxDB holds {@code count} readings. */
    private static JsonNode await(Main main, InfluxServer influx, long fetches, long count) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode row = null;
        while (System.nanoTime() < until) {
            row = influx.query(DB, COUNT).path("results").path(0).path("series").path(0).path("values").path(0);
            if (api(main).fetched() >= fetches && row.path(1).asLong() >= count) {
                break;
            }
            Thread.sleep(200);
        }
        Thread.sleep(700); // anything more the fetch would have written is in InfluxDB by now (batches every 200 ms)
        return influx.query(DB, COUNT).path("results").path(0).path("series").path(0).path("values").path(0);
    }

    @Test
    void pollsWithoutDuplicatesResumesAfterRestartAndFillsGaps() throws Exception {
        TestPki pki = new TestPki();
        try (FakePge pge = new FakePge(pki); InfluxServer influx = influx()) {
            pge.days.add(FakePge.ESPI.resolve(DAYS + "2019-10-16.xml"));
            pge.days.add(FakePge.ESPI.resolve(DAYS + "2019-10-17.xml"));
            pge.firstTokenUses = 1; // the Authorization feed takes it; the next request gets 401
            pge.tooManyOnce.set(true);
            now.set(Instant.parse("2019-10-19T12:00:00Z"));
            int port = io.meterbridge.testing.FreePort.next();
            Main first = gateway(pki, pge, influx, port, null);
            try {
                poll(first);
                // 2019-10-16 holds 10-16 and 10-17; the 10-17 file repeats 10-17: 48 readings, the MANIFEST's sum
                JsonNode row = await(first, influx, 1, 48);
                assertThat(row.path(1).asLong()).isEqualTo(48);
                assertThat(row.path(2).asDouble()).isCloseTo(59.526899, within(1e-6));
                assertThat(pge.refusedTokens.get()).as("the revoked token was refused once").isEqualTo(1);
                assertThat(api(first).tokensIssued()).as("a new token after the 401").isEqualTo(2);

                poll(first); // again: the window from the checkpoint touches 10-17's end, so PG&E repeats it
                row = await(first, influx, 2, 48);
                assertThat(row.path(1).asLong()).isEqualTo(48);
                io.meterbridge.spool.Spool spool = first.getCamelContext().getRegistry().lookupByNameAndType("influxSpool", io.meterbridge.spool.Spool.class);
                assertThat(spool.spooled()).as("nothing sent to the sink twice").isEqualTo(48);
                // the embedded store's energy of the two days is the sum of their intervals, under the source's name
                JsonNode energy = new io.meterbridge.testing.Http("https://localhost:" + port + "/api", trusting(dir.resolve("keys")))
                        .get("/meters/5391320451/energy?from=2019-10-16T07:00:00Z&to=2019-10-18T07:00:00Z&period=1d").json();
                assertThat(energy.get("kind").asText()).isEqualTo("interval");
                assertThat(energy.get("total").asDouble()).isCloseTo(59.526899, within(1e-6));
                assertThat(energy.get("periods")).hasSize(2);
            } finally {
                first.stop();
            }

            // while the gateway is down PG&E publishes 11-02 (the fall-back day), but not the days between
            pge.days.add(FakePge.ESPI.resolve(DAYS + "2019-11-02.xml"));
            now.set(Instant.parse("2019-11-05T12:00:00Z"));
            Main second = gateway(pki, pge, influx, port, null);
            try {
                poll(second);
                JsonNode row = await(second, influx, 1, 97);
                assertThat(row.path(1).asLong()).as("resumed from the checkpoint: 11-02's 49 readings").isEqualTo(97);
                PgeHistory history = second.getCamelContext().getRegistry().lookupByNameAndType("pgeHistory", PgeHistory.class);
                assertThat(history.gaps()).singleElement().satisfies(g -> {
                    assertThat(g.start()).isEqualTo(Instant.parse("2019-10-18T07:00:00Z"));
                    assertThat(g.end()).isEqualTo(Instant.parse("2019-11-02T07:00:00Z"));
                });

                // PG&E catches up with 10-23: the next poll asks for the gap again and fills what exists
                pge.days.add(FakePge.ESPI.resolve(DAYS + "2019-10-23.xml"));
                poll(second);
                row = await(second, influx, 3, 145);
                assertThat(row.path(1).asLong()).isEqualTo(145);
                assertThat(row.path(2).asDouble()).isCloseTo(59.526899 + 60.657299 + 46.298398, within(1e-6));
                assertThat(history.gaps()).hasSize(2);

                // a year later the oldest gap is about to be dropped by PG&E: reported, and the source is DOWN
                now.set(Instant.parse("2020-10-10T12:00:00Z"));
                poll(second);
                HealthCheck.Result health = HealthCheckHelper.invoke(second.getCamelContext()).stream()
                        .filter(r -> r.getCheck().getId().equals("source-pge")).findFirst().orElseThrow();
                assertThat(health.getState()).isEqualTo(HealthCheck.State.DOWN);
                assertThat(health.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("2019-10-18T07:00:00Z"));
            } finally {
                second.stop();
            }
            JsonNode oldest = influx.query(DB, "SELECT * FROM electricity ORDER BY time ASC LIMIT 1").path("results").path(0).path("series").path(0);
            assertThat(oldest.path("values").path(0).path(0).asText()).isEqualTo("2019-10-16T07:00:00Z");
            assertThat(oldest.path("values").path(0).path(InfluxServer.column(oldest, "meter")).asText()).isEqualTo("5391320451");
        }
    }

    @Test
    void notificationsFetchEachResourceOnceAndOnlyFromPge() throws Exception {
        TestPki pki = new TestPki();
        try (FakePge pge = new FakePge(pki); InfluxServer influx = influx()) {
            pge.bulk.put("0b2479f3-eec7-4a15-b46b-8f90c647e21e", FakePge.ESPI.resolve("open-energy-view/gas_bulk_feed_2020-05-12.xml"));
            pge.bulk.put("20e3358c-457c-4cb3-ba99-57819d2145af", FakePge.ESPI.resolve(DAYS + "2019-10-17.xml"));
            now.set(Instant.parse("2020-05-12T12:00:00Z"));
            int port = io.meterbridge.testing.FreePort.next();
            Main main = gateway(pki, pge, influx, port, pge.url() + FakePge.BULK);
            try {
                String sample = Files.readString(FakePge.ESPI.resolve("open-energy-view/notification_batchlist_2020-05-10.xml"));
                String ours = sample.replace("https://api.pge.com", pge.url());
                // self-access: the bulk request is accepted (202), and the data is announced by notification
                poll(main);
                long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (pge.hits.keySet().stream().noneMatch(p -> p.startsWith(FakePge.BULK + "?published-min")) && System.nanoTime() < until) {
                    Thread.sleep(100);
                }
                assertThat(api(main).lastError()).as("202 is not a failure").isNull();

                HttpClient http = trusting(dir.resolve("keys"));
                URI notify = URI.create("https://localhost:" + port + "/pge/notify");
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(notify).POST(HttpRequest.BodyPublishers.ofString(ours)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                JsonNode row = await(main, influx, 2, 24);
                assertThat(row.path(1).asLong()).isEqualTo(24);
                assertThat(influx.count(DB, "SELECT count(energy_import_interval_therm) FROM gas")).isEqualTo(1);

                // PG&E repeats a notification: nothing is fetched twice
                assertThat(http.send(HttpRequest.newBuilder(notify).POST(HttpRequest.BodyPublishers.ofString(ours)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
                // the capture as it was, links to api.pge.com: another host than the configured API, refused
                HttpResponse<String> foreign = http.send(HttpRequest.newBuilder(notify).POST(HttpRequest.BodyPublishers.ofString(sample)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(foreign.statusCode()).isEqualTo(400);
                assertThat(foreign.body()).contains("only links to localhost");
                HttpResponse<String> junk = http.send(HttpRequest.newBuilder(notify).POST(HttpRequest.BodyPublishers.ofString("<html/>")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(junk.statusCode()).isEqualTo(400);
                // an external entity in a notification: refused, the file never read
                Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-CONTENT");
                String xxe = "<?xml version=\"1.0\"?><!DOCTYPE BatchList [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                        + "<BatchList xmlns=\"http://naesb.org/espi\"><resources>&x;</resources></BatchList>";
                HttpResponse<String> hostile = http.send(HttpRequest.newBuilder(notify).POST(HttpRequest.BodyPublishers.ofString(xxe)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(hostile.statusCode()).isEqualTo(400);
                assertThat(hostile.body()).contains("document type declaration").doesNotContain("TOP-SECRET");
                // larger than a notification is, more links than it names, one good link beside a foreign one: all
                // refused whole, nothing fetched
                HttpResponse<String> huge = post(http, notify, ours + " ".repeat(70_000));
                assertThat(huge.statusCode()).isEqualTo(413);
                String link = "<resources>" + pge.url() + FakePge.BULK + "?correlationID=never-%d</resources>";
                StringBuilder many = new StringBuilder("<BatchList xmlns=\"http://naesb.org/espi\">");
                for (int i = 0; i < 21; i++) {
                    many.append(String.format(link, i));
                }
                HttpResponse<String> tooMany = post(http, notify, many + "</BatchList>");
                assertThat(tooMany.statusCode()).isEqualTo(400);
                assertThat(tooMany.body()).contains("21 links");
                HttpResponse<String> mixed = post(http, notify, "<BatchList xmlns=\"http://naesb.org/espi\">" + String.format(link, 99)
                        + "<resources>https://attacker.example/steal</resources></BatchList>");
                assertThat(mixed.statusCode()).isEqualTo(400);
                assertThat(mixed.body()).contains("attacker.example");
                // a ninth notification within the minute from the same address: too many
                HttpResponse<String> flood = post(http, notify, ours);
                assertThat(flood.statusCode()).isEqualTo(429);
                assertThat(flood.headers().firstValue("Retry-After")).hasValue("60");
                Thread.sleep(1000);
                assertThat(pge.paths()).noneMatch(p -> p.contains("never-") || p.contains("attacker"));
                assertThat(pge.hits(FakePge.BULK + "?correlationID=0b2479f3-eec7-4a15-b46b-8f90c647e21e")).isEqualTo(1);
                assertThat(pge.hits(FakePge.BULK + "?correlationID=20e3358c-457c-4cb3-ba99-57819d2145af")).isEqualTo(1);
                assertThat(pge.paths()).noneMatch(p -> p.contains("api.pge.com"));
                assertThat(main.getCamelContext().getRegistry().lookupByNameAndType("pgeNotifications", PgeNotifications.class).refused())
                        .as("foreign, junk, entity, too large, too many, mixed, flood").isEqualTo(7);
            } finally {
                main.stop();
            }
        }
    }
}
