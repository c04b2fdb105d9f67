package io.meterbridge.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * The default run as a user sees it: the demo capture replayed into the store, the dashboard opened in headless
 * Chromium. The page must show what the API says (power now, today's and this month's energy, gas) and its charts
 * must have plotted the stored readings; a screenshot is left in target/dashboard.png for people to look at.
 */
@Timeout(180)
class DashboardTest {

    static final String METER = "E0044007382246019";

    @TempDir
    Path dir;

    @Test
    void theDashboardShowsWhatTheApiHolds() throws Exception {
        Chromium.require();
        Main main = MeterbridgeMain.newMain();
        main.addOverrideProperty("camel.management.port", "0");
        main.addOverrideProperty("files.directory", dir.resolve("data").toString());
        main.addOverrideProperty("p1.uri", "replay:demo/p1-capture.log");
        main.addOverrideProperty("store.zone", "Europe/Amsterdam");
        main.start();
        try {
            Http api = new Http("http://127.0.0.1:8080/api");
            String rows = "/meters/" + METER + "/readings?fields=power_import_w&from=2024-10-27&to=2024-10-28&limit=100000";
            long until = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < until && api.get(rows).json().get("series").get("power_import_w").size() < 298) {
                Thread.sleep(200);
            }
            assertThat(api.get(rows).json().get("series").get("power_import_w")).hasSize(298);

            Chromium chromium = new Chromium(Files.createDirectory(dir.resolve("chromium")), "Europe/Amsterdam");
            String dom = chromium.dom("http://127.0.0.1:8080/", 20_000);
            assertThat(dom).contains("data-ready=\"true\"");

            JsonNode latest = api.get("/meters/" + METER + "/latest").json().get("fields");
            assertThat(text(dom, "live-power")).isEqualTo(Math.round(latest.get("power_net_w").get("value").asDouble()) + " W");
            double today = api.get("/meters/" + METER + "/energy?from=2024-10-27&to=2024-10-28").json().get("total").asDouble();
            assertThat(today).isGreaterThan(0);
            assertThat(text(dom, "today-energy")).isEqualTo(String.format(Locale.ROOT, "%.3f kWh", today));
            assertThat(text(dom, "month-energy")).isEqualTo(String.format(Locale.ROOT, "%.3f kWh", today));
            JsonNode gas = api.get("/meters").json().get("meters");
            String gasMeter = null;
            for (var it = gas.fields(); it.hasNext();) {
                var e = it.next();
                if (e.getValue().toString().contains("\"volume_m3\"")) {
                    gasMeter = e.getKey();
                }
            }
            double volume = api.get("/meters/" + gasMeter + "/latest").json().get("fields").get("volume_m3").get("value").asDouble();
            assertThat(text(dom, "gas-total")).isEqualTo(String.format(Locale.ROOT, "%.3f m³", volume));

            // both charts drew the stored readings: 298 raw power values over five minutes, voltages per minute
            assertThat(attribute(dom, "power-chart", "data-points")).isEqualTo(298);
            assertThat(attribute(dom, "voltage-chart", "data-points")).isGreaterThan(0);
            assertThat(dom).contains("class=\"uplot").contains("<canvas");
            assertThat(dom).contains("power_import_w", "voltage_l1_v", "voltage_l3_v");
            assertThat(dom).contains("No meterman nodes");

            Path png = Path.of("target", "dashboard.png");
            Files.deleteIfExists(png);
            chromium.screenshot("http://127.0.0.1:8080/", 20_000, png);
            assertThat(Files.size(png)).isGreaterThan(20_000);
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
        Main main = MeterbridgeMain.newMain();
        main.addOverrideProperty("camel.management.port", "0");
        main.addOverrideProperty("camel.main.routes-exclude-pattern", "file:routes/p1.camel.yaml");
        main.addOverrideProperty("files.directory", dir.resolve("data").toString());
        main.start();
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

    private static HttpResponse<String> get(HttpClient client, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080" + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String text(String dom, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\"[^>]*>([^<]*)<").matcher(dom);
        assertThat(m.find()).as("element #" + id).isTrue();
        return m.group(1);
    }

    private static int attribute(String dom, String id, String attribute) {
        Matcher m = Pattern.compile("<[^>]*id=\"" + id + "\"[^>]*" + attribute + "=\"(\\d+)\"").matcher(dom);
        assertThat(m.find()).as(attribute + " of #" + id).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
