package io.meterbridge.tariff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import io.meterbridge.reading.Reading;
import io.meterbridge.testing.Http;
import io.meterbridge.testing.TestGateway;

/**
 * Costs through the whole gateway: readings into the hub, running costs into the SQLite store beside them, costs per
 * period from the REST API, and dynamic prices fetched by the shipped route from a JSON endpoint. The endpoint is a
 * real HTTP server on loopback standing in for a day-ahead price API (EnergyZero's answer shape: {"Prices": [{
 * "readingDate", "price"}]}), since no public API can be reached from the test.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CostsApiTest {

    @TempDir
    static Path dir;
    Main main;
    Http http;
    HttpServer prices;
    final List<String> priceRequests = new java.util.concurrent.CopyOnWriteArrayList<>();
    final LocalDate today = LocalDate.now(ZoneOffset.UTC);

    @BeforeAll
    void start() throws Exception {
        prices = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        prices.createContext("/prices", exchange -> {
            priceRequests.add(exchange.getRequestURI().getQuery());
            if (priceRequests.size() == 1) { // the first fetch fails (a 500: a 503 the HTTP client itself tries again)
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
                return;
            }
            StringBuilder json = new StringBuilder("{\"Prices\":[");
            for (int h = 0; h < 24; h++) {
                json.append(h == 0 ? "" : ",").append("{\"readingDate\":\"").append(hour(h)).append("\",\"price\":").append(price(h)).append('}');
            }
            byte[] body = json.append("],\"average\":0.1}").toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        prices.start();
        Path tariffs = Files.writeString(dir.resolve("tariffs.yaml"), """
                currency: EUR
                electricity:
                  - from: 2025-01-01
                    import: { t1: 0.20, t2: 0.30 }
                    export: 0.05
                    per-day: 1.00
                  - from: %s
                    import: { dynamic: true, add: 0.10 }
                    per-day: 1.00
                gas:
                  - from: 2025-01-01
                    per-m3: 1.50
                    per-day: 0.50
                """.formatted(today.minusDays(1)));
        main = TestGateway.newMain();
        main.addOverrideProperty("camel.main.routes-exclude-pattern", "file:routes/p1.camel.yaml");
        main.addOverrideProperty("files.directory", dir.toString());
        main.addOverrideProperty("hub.sinks", "direct:sink-store");
        main.addOverrideProperty("store.zone", "UTC");
        main.addOverrideProperty("tariff.zone", "UTC");
        main.addOverrideProperty("tariff.file", tariffs.toString());
        main.addOverrideProperty("tariff.interval", "0");
        main.addOverrideProperty("tariff.prices-url", "http://127.0.0.1:" + prices.getAddress().getPort() + "/prices?fromDate={from}&tillDate={to}");
        main.addOverrideProperty("tariff.prices-items", "/Prices");
        main.addOverrideProperty("tariff.prices-time", "readingDate");
        main.addOverrideProperty("tariff.prices-refresh", "1");
        main.start();
        http = new Http(TestGateway.url(main) + "/api");
        ProducerTemplate hub = main.getCamelContext().createProducerTemplate();
        hub.sendBody("direct:readings", List.of(electricity("2025-03-01T00:00:00Z", 100, 200, 10), gas("2025-03-01T00:00:00Z", 500)));
        hub.sendBody("direct:readings", List.of(electricity("2025-03-01T12:00:00Z", 101, 203, 12), gas("2025-03-01T12:00:00Z", 502)));
        hub.sendBody("direct:readings", List.of(electricity("2025-03-02T06:00:00Z", 102, 203, 12), gas("2025-03-02T06:00:00Z", 503)));
    }

    @AfterAll
    void stop() {
        if (main != null) {
            main.stop();
        }
        prices.stop(0);
    }

    @Test
    void costsPerDayAreEachRegisterPricedAtItsRatePlusTheDaysFixedCharges() throws Exception {
        JsonNode e = http.get("/meters/E1/costs?from=2025-03-01&to=2025-03-03&period=1d").json();
        assertThat(e.get("currency").asText()).isEqualTo("EUR");
        JsonNode day1 = e.get("periods").get(0);
        assertThat(day1.get("start").asText()).isEqualTo("2025-03-01T00:00:00Z");
        assertThat(day1.get("bought").asDouble()).isCloseTo(1 * 0.20 + 3 * 0.30, within(1e-9));
        assertThat(day1.get("credit").asDouble()).isCloseTo(2 * 0.05, within(1e-9));
        assertThat(day1.get("fixed").asDouble()).isEqualTo(1.00);
        assertThat(day1.get("cost").asDouble()).isCloseTo(1.1 + 1.0 - 0.1, within(1e-9));
        assertThat(day1.get("import_t2_kwh").asDouble()).isEqualTo(3.0);
        assertThat(e.get("periods").get(1).get("cost").asDouble()).isCloseTo(0.20 + 1.00, within(1e-9));
        assertThat(e.get("total").get("cost").asDouble()).isCloseTo(3.2, within(1e-9));

        JsonNode before = http.get("/meters/E1/costs?from=2025-02-20&to=2025-03-02&period=1mo").json();
        assertThat(before.get("total").get("fixed").asDouble()).as("no fixed charges before the meter's first reading").isEqualTo(1.00);

        JsonNode g = http.get("/meters/G1/costs?from=2025-03-01&to=2025-03-03&period=1mo").json();
        assertThat(g.get("total").get("gas_m3").asDouble()).isEqualTo(3.0);
        assertThat(g.get("total").get("cost").asDouble()).isCloseTo(3 * 1.50 + 2 * 0.50, within(1e-9));
    }

    /** The running totals the sinks got (here: the store) agree with the API's costs over the same readings. */
    @Test
    void theRunningCostReadingsAgreeWithTheApi() throws Exception {
        JsonNode cost = http.get("/meters/E1/readings?measurement=cost&fields=cost_total,cost_since&from=2025-03-02T06:00:00Z&to=2025-03-02T06:00:01Z")
                .json().get("series");
        assertThat(cost.get("cost_total").get(0).get("value").asDouble()).isCloseTo(3.2, within(1e-9));
        assertThat(cost.get("cost_since").get(0).get("text").asText()).isEqualTo("2025-03-01T00:00:00Z");
    }

    @Test
    void dynamicPricesAreFetchedAndPriceEachHoursEnergy() throws Exception {
        Path csv = dir.resolve("prices.csv");
        long until = System.nanoTime() + 30_000_000_000L;
        while ((!Files.exists(csv) || Files.readAllLines(csv).size() < 25) && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        assertThat(Files.readAllLines(csv)).hasSize(25).contains(hour(5) + "," + price(5));
        assertThat(priceRequests.size()).as("a failed fetch is tried again at the next one").isGreaterThanOrEqualTo(2);
        assertThat(io.meterbridge.testing.CapturedLog.messages()).anyMatch(m -> m.contains("WARN") && m.contains("dynamic prices not fetched"));
        assertThat(priceRequests.get(0)).isEqualTo("fromDate=" + today.atStartOfDay(ZoneOffset.UTC).toInstant() + "&tillDate="
                + today.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant());

        ProducerTemplate hub = main.getCamelContext().createProducerTemplate();
        List<Reading> sent = new ArrayList<>();
        double[] t1 = { 110, 111, 113 };
        for (int h = 0; h < 3; h++) {
            sent.add(electricity(hour(h).plusSeconds(600).toString(), t1[h], 203, 12));
        }
        for (Reading r : sent) {
            hub.sendBody("direct:readings", r);
        }
        JsonNode c = http.get("/meters/E1/costs?from=" + today + "&to=" + today.plusDays(1) + "&period=1h").json();
        double expected = 8 * (price(0) + 0.10) + 1 * (price(1) + 0.10) + 2 * (price(2) + 0.10);
        assertThat(c.get("total").get("bought").asDouble()).isCloseTo(expected, within(1e-9));
        assertThat(c.get("total").get("fixed").asDouble()).isEqualTo(1.00);
        assertThat(c.get("periods").get(2).get("import_t1_kwh").asDouble()).isEqualTo(2.0);
        // tomorrow's prices are not known yet: its energy is answered as unpriced, not as free
        hub.sendBody("direct:readings", electricity(hour(24).plusSeconds(600).toString(), 114, 203, 12));
        JsonNode later = http.get("/meters/E1/costs?from=" + today + "&to=" + today.plusDays(2) + "&period=1d").json();
        assertThat(later.get("total").get("unpriced").asDouble()).isEqualTo(1.0);
        assertThat(later.get("total").get("bought").asDouble()).isCloseTo(expected, within(1e-9));
        JsonNode live = http.get("/meters/E1/latest?measurement=cost").json().get("measurements").get("cost");
        assertThat(live.get("price_import_per_kwh").get("value").asDouble()).isCloseTo(price(2) + 0.10, within(1e-9));
    }

    @Test
    void aMeterWithoutPricedRegistersOrAWrongPeriodIsAnsweredWithWhatToChange() throws Exception {
        Http.Answer none = http.get("/meters/nobody/costs?from=2025-03-01&to=2025-03-02");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.json().get("error").asText()).contains("no register the tariffs price");
        Http.Answer minute = http.get("/meters/E1/costs?from=2025-03-01&to=2025-03-02&period=1m");
        assertThat(minute.status()).isEqualTo(400);
        assertThat(minute.json().get("error").asText()).isEqualTo("period must be 5m, 1h, 1d or 1mo");
    }

    private Instant hour(int h) {
        return today.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3600L * h);
    }

    private static double price(int h) {
        return 0.01 * (h + 1);
    }

    private static Reading electricity(String time, double t1, double t2, double export) {
        return CostMeterTest.electricity(time, t1, t2, export, 1);
    }

    private static Reading gas(String time, double m3) {
        return Reading.builder("gas").tag("meter", "G1").tag("source", "dsmr").field("volume_m3", m3).time(Instant.parse(time)).build();
    }
}
