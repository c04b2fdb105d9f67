package io.meterbridge.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.meterbridge.MeterbridgeMain;
import io.meterbridge.testing.Chromium;
import io.meterbridge.testing.Http;
import io.meterbridge.testing.Shipped;
import io.meterbridge.testing.TestGateway;

/**
 * The default run as a user sees it: the shipped demo replayed into the store (its times moved to now), the store's
 * maintenance running meanwhile, the dashboard opened in headless Chromium as wide as a phone (360 px) and a desktop
 * (1280 px). The page must show what the API says (power now, today's and this month's energy, gas), its charts must
 * have plotted the stored readings, it must redraw itself by polling and fit the window; screenshots are left in
 * target/dashboard-360.png and target/dashboard-1280.png for people to look at.
 */
@Timeout(180)
class DashboardTest {

    static final String METER = "E0044007382246019";

    @TempDir
    Path dir;
    private String base;

    @Test
    void theDashboardShowsWhatTheApiHoldsOnAPhoneAndADesktop() throws Exception {
        Chromium.require();
        Main main = TestGateway.newMain();
        main.addOverrideProperty("files.directory", dir.resolve("data").toString());
        main.addOverrideProperty("p1.uri", Shipped.demoAtOnce());
        main.addOverrideProperty("store.zone", "Europe/Amsterdam");
        main.addOverrideProperty("tariff.file", "tariffs.yaml"); // the example tariffs, for the cost tile
        // maintenance runs while the page is open: it must not take away what the page shows (it once erased the demo)
        main.addOverrideProperty("store.maintenance-delay", "500");
        main.addOverrideProperty("store.maintenance-interval", "1000");
        main.start();
        try {
            Http api = new Http(TestGateway.url(main) + "/api");
            String rows = "/meters/" + METER + "/readings?measurement=electricity&fields=power_import_w&from=yesterday&to=tomorrow&limit=100000";
            long until = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < until && api.get(rows).json().get("series").get("power_import_w").size() < 298) {
                Thread.sleep(200);
            }
            Thread.sleep(2500); // two maintenance runs
            assertThat(api.get(rows).json().get("series").get("power_import_w")).hasSize(298);

            JsonNode latest = api.get("/meters/" + METER + "/latest").json().get("measurements").get("electricity");
            Instant now = Instant.parse(latest.get("power_net_w").get("time").asText());
            ZoneId zone = ZoneId.of("Europe/Amsterdam");
            LocalDate today = LocalDate.ofInstant(now, zone);
            String end = now.plusSeconds(1).toString();
            double todayEnergy = api.get("/meters/" + METER + "/energy?measurement=electricity&from="
                    + today.atStartOfDay(zone).toInstant() + "&to=" + end).json().get("total").asDouble();
            double monthEnergy = api.get("/meters/" + METER + "/energy?measurement=electricity&from="
                    + today.withDayOfMonth(1).atStartOfDay(zone).toInstant() + "&to=" + end).json().get("total").asDouble();
            assertThat(todayEnergy).isGreaterThan(0);
            double volume = api.get("/meters/G0039001936990619/latest?measurement=gas").json().get("measurements").get("gas")
                    .get("volume_m3").get("value").asDouble();

            // the costs under the shipped example tariffs (tariffs.yaml): the electricity meter and the gas meter together
            Instant dayStart = today.atStartOfDay(zone).toInstant();
            double costToday = 0;
            double costMonth = 0;
            for (String m : List.of(METER, "G0039001936990619")) {
                JsonNode c = api.get("/meters/" + m + "/costs?from=" + today.withDayOfMonth(1).atStartOfDay(zone).toInstant() + "&to=" + end
                        + "&period=1d").json();
                costMonth += c.get("total").get("cost").asDouble();
                for (JsonNode p : c.get("periods")) {
                    costToday += Instant.parse(p.get("start").asText()).isBefore(dayStart) ? 0 : p.get("cost").asDouble();
                }
            }
            assertThat(costToday).as("energy bought today and the day's fixed charges").isGreaterThan(0.8103 + 0.6581);

            // a Belgian meter's capacity registers: this month's peak 3.2 kW, two months at 2 and 4 kW before it
            ZonedDateTime thisMonth = ZonedDateTime.now(ZoneId.of("Europe/Amsterdam")).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
            main.getCamelContext().createProducerTemplate().sendBody("direct:readings", List.of(
                    capacity(thisMonth.minusMonths(2).plusDays(1).toInstant(), 2000, 0),
                    capacity(thisMonth.minusMonths(1).plusDays(1).toInstant(), 4000, 0),
                    capacity(Instant.now().minusSeconds(60), 3200, 750)));

            for (int width : new int[] { 360, 1280 }) {
                try (Chromium chromium = new Chromium(Files.createDirectory(dir.resolve("chromium-" + width)), "Europe/Amsterdam")) {
                    chromium.open(TestGateway.url(main) + "/?refresh=1", width);
                    // drawn, then drawn again by the page's own polling (every tile and chart, without a reload)
                    chromium.await("document.body.dataset.ready === 'true' && Number(document.body.dataset.updates) >= 2",
                            Duration.ofSeconds(40));
                    String dom = chromium.dom();
                    assertThat(text(dom, "live-power")).isEqualTo(Math.round(latest.get("power_net_w").get("value").asDouble()) + " W");
                    assertThat(text(dom, "today-energy")).isEqualTo(String.format(Locale.ROOT, "%.3f kWh", todayEnergy));
                    assertThat(text(dom, "month-energy")).isEqualTo(String.format(Locale.ROOT, "%.3f kWh", monthEnergy));
                    assertThat(text(dom, "cost-today")).isEqualTo(String.format(Locale.ROOT, "EUR %.2f", costToday));
                    assertThat(text(dom, "cost-month")).startsWith(String.format(Locale.ROOT, "today; EUR %.2f this month", costMonth));
                    assertThat(text(dom, "gas-total")).isEqualTo(String.format(Locale.ROOT, "%.3f m³", volume));
                    assertThat(dom).doesNotContain("id=\"gas-tile\" hidden").contains("id=\"water-tile\" hidden");
                    // both charts drew the stored readings: 298 raw power values over five minutes, voltages too
                    assertThat(attribute(dom, "power-chart", "data-points")).isEqualTo(298);
                    assertThat(attribute(dom, "voltage-chart", "data-points")).isGreaterThan(0);
                    assertThat(dom).contains("class=\"uplot").contains("<canvas");
                    assertThat(dom).contains("power_import_w", "voltage_l1_v", "voltage_l3_v");
                    assertThat(dom).contains("No meterman nodes");
                    // nothing sticks out sideways: the page is no wider than the window
                    assertThat(chromium.evaluate("window.innerWidth").asInt()).isEqualTo(width);
                    assertThat(chromium.evaluate("document.documentElement.scrollWidth").asInt()).as("page width at " + width + " px")
                            .isLessThanOrEqualTo(width);

                    assertThat(dom).contains("id=\"capacity-tile\" hidden"); // a Dutch meter has no capacity tariff
                    // the Belgian meter chosen: its capacity tile, from the API (months at least 2.5 kW: (2.5 + 4 + 3.2) / 3)
                    chromium.evaluate("(() => { const s = document.getElementById('meter'); s.value = 'be-capacity';"
                            + " s.dispatchEvent(new Event('change')); return true; })()");
                    chromium.await("!document.getElementById('capacity-tile').hidden"
                            + " && document.getElementById('capacity-peak').textContent === '3.20 kW'", Duration.ofSeconds(20));
                    assertThat(chromium.evaluate("document.getElementById('capacity-year').textContent").asText())
                            .contains("3.23 kW over the year", "0.75 kW this quarter hour");
                    chromium.evaluate("(() => { const s = document.getElementById('meter'); s.value = '" + METER + "';"
                            + " s.dispatchEvent(new Event('change')); return true; })()");

                    Path png = Path.of("target", "dashboard-" + width + ".png");
                    chromium.screenshot(png);
                    assertThat(Files.size(png)).isGreaterThan(20_000);
                }
            }
        } finally {
            main.stop();
        }
    }

    /**
     * The server hands out the dashboard's files and nothing else: not the working directory (where
     * application.properties, data/ and pge/client.key live when started from a clone), not the class path.
     */
    @Test
    void onlyTheDashboardsOwnFilesAreServed() throws Exception {
        Main main = TestGateway.newMain();
        main.addOverrideProperty("camel.main.routes-exclude-pattern", "file:routes/p1.camel.yaml");
        main.addOverrideProperty("files.directory", dir.resolve("data").toString());
        main.start();
        base = TestGateway.url(main);
        try {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> page = get(client, "/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(page.body()).contains("<title>meterbridge</title>").doesNotContain("${uplot.version}");
            Matcher script = Pattern.compile("src=\"(/webjars/uplot/[^\"]+\\.js)\"").matcher(page.body());
            assertThat(script.find()).isTrue();
            for (String asset : new String[] { "/dashboard.js", "/dashboard.css", script.group(1) }) {
                HttpResponse<String> r = get(client, asset);
                assertThat(r.statusCode()).as(asset).isEqualTo(200);
            }
            // the versioned chart library is kept by the browser; the page and its script, which an upgrade
            // changes under the same name, are not
            assertThat(get(client, script.group(1)).headers().firstValue("Cache-Control"))
                    .hasValueSatisfying(c -> assertThat(c).contains("max-age=31536000"));
            assertThat(String.join(",", get(client, "/dashboard.js").headers().allValues("Cache-Control"))).doesNotContain("max-age");
            assertThat(String.join(",", page.headers().allValues("Cache-Control"))).doesNotContain("max-age");
            assertThat(get(client, "/dashboard.js").headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).contains("javascript"));
            assertThat(get(client, "/api/meters").statusCode()).isEqualTo(200);

            assertThat(Path.of("application.properties")).exists(); // in the working directory, as for a user
            for (String path : new String[] { "/application.properties", "/pom.xml", "/routes/p1.camel.yaml",
                    "/log4j2.properties", "/store/V1__readings.sql", "/io/meterbridge/MeterbridgeMain.class",
                    "/META-INF/resources/index.html", "/%2e%2e/application.properties", "/webjars/../../application.properties",
                    "/etc/passwd", "/webjars/" }) {
                HttpResponse<String> r = get(client, path);
                assertThat(r.statusCode()).as(path).isEqualTo(404);
                assertThat(r.body()).as(path).doesNotContain("camel.", "<project", "CREATE TABLE", "root:");
            }
        } finally {
            main.stop();
        }
    }

    private HttpResponse<String> get(HttpClient client, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String text(String dom, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\"[^>]*>([^<]*)<").matcher(dom);
        assertThat(m.find()).as("element #" + id).isTrue();
        return m.group(1);
    }

    /** A number attribute of the element with this id (or of the body). */
    private static int attribute(String dom, String id, String attribute) {
        String element = id.equals("body") ? "<body" : "<[^>]*id=\"" + id + "\"";
        Matcher m = Pattern.compile(element + "[^>]*" + attribute + "=\"(\\d+)\"").matcher(dom);
        assertThat(m.find()).as(attribute + " of #" + id).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static io.meterbridge.reading.Reading capacity(Instant time, double peakW, double quarterW) {
        return io.meterbridge.reading.Reading.builder("electricity").tag("meter", "be-capacity").tag("source", "dsmr")
                .field("power_peak_month_w", peakW).field("power_demand_avg_w", quarterW).time(time).build();
    }
}
