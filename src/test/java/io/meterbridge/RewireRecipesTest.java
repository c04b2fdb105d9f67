package io.meterbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.reading.Json;
import io.meterbridge.testing.Http;
import io.meterbridge.testing.InfluxServer;
import io.meterbridge.testing.MosquittoBroker;
import io.meterbridge.testing.Shipped;
import io.meterbridge.testing.TestGateway;

/**
 * The README's "Rewire it" recipes, each a new file in routes/, run together as printed against a real Mosquitto and
 * a real InfluxDB: the only changes are the second meter's port (a captured log here, there is no second meter) and
 * the archive server's name (the test's InfluxDB).
 */
class RewireRecipesTest {

    private static final Pattern RECIPE = Pattern.compile("```yaml\n# (routes/[\\w-]+\\.camel\\.yaml)\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    static Map<String, String> recipes() throws Exception {
        Map<String, String> recipes = new LinkedHashMap<>();
        String readme = Files.readString(Path.of("README.md"));
        int rewire = readme.indexOf("\n## Rewire it");
        // the recipes of "Rewire it", not the source sections' own route files
        Matcher m = RECIPE.matcher(readme.substring(rewire, readme.indexOf("\n## ", rewire + 1)));
        while (m.find()) {
            recipes.put(m.group(1), m.group(2));
        }
        return recipes;
    }

    @Test
    void eachRecipeIsOneShortFile() throws Exception {
        assertThat(recipes()).containsKeys("routes/p1-second.camel.yaml", "routes/gas-to-mqtt.camel.yaml", "routes/influxdb-archive.camel.yaml");
        recipes().forEach((file, yaml) -> assertThat(yaml.lines().count()).as(file).isLessThanOrEqualTo(10));
    }

    @Test
    @Timeout(120)
    void aSecondMeterGasToAnotherTopicAndASecondInfluxDb() throws Exception {
        Path second = Files.copy(Path.of("demo/p1-capture.log"), dir.resolve("second-meter.log"));
        try (MosquittoBroker broker = MosquittoBroker.start(Files.createDirectory(dir.resolve("mqtt")));
                InfluxServer influx = new InfluxServer(Files.createDirectory(dir.resolve("influx")))) {
            influx.start();
            influx.query("archive", "CREATE DATABASE archive");
            Path routes = Files.createDirectory(dir.resolve("routes"));
            for (Map.Entry<String, String> recipe : recipes().entrySet()) {
                String yaml = recipe.getValue().replace("serial:/dev/ttyUSB1", "replay:" + second)
                        .replace("http://archive:8086", influx.url());
                Files.writeString(routes.resolve(Path.of(recipe.getKey()).getFileName()), yaml);
            }
            Path gas = dir.resolve("gas.txt");
            Process subscriber = broker.subscribe(gas, "home/gas/#");
            Path data = dir.resolve("data");
            Main main = TestGateway.newMain();
            main.addOverrideProperty("files.directory", data.toString());
            main.addOverrideProperty("camel.main.routes-include-pattern", "file:routes/*.camel.yaml,file:" + routes + "/*.camel.yaml");
            main.addOverrideProperty("hub.sinks", "direct:sink-csv,direct:gas-to-mqtt,direct:influxdb-archive");
            main.addOverrideProperty("p1.uri", "replay:demo/p1-capture.log");
            main.addOverrideProperty("mqtt.broker", broker.url());
            main.start();
            try {
                // (c) every electricity reading of the demo in the second database
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                        influx.count("archive", "SELECT count(energy_import_kwh) FROM electricity") == 298);
                // (b) the gas readings, and only those, on the other topic
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                        Files.exists(gas) && Files.readAllLines(gas).size() >= 2);
                for (String line : Files.readAllLines(gas)) {
                    assertThat(Json.MAPPER.readTree(line.substring(line.indexOf(' ') + 1)).get("measurement").asText()).isEqualTo("gas");
                }
                // (a) the second meter's telegrams went through the same checks and logs
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> validityRows(data).contains("second-meter.log"));
                // each new sink with its own spool and health check, beside the shipped ones
                String health = new Http(TestGateway.observe(main)).get("/health").text();
                assertThat(health).contains("\"sink-gas-mqtt\"", "\"sink-influxdb-archive\"");
                assertThat(data.resolve("spool/gas-mqtt")).isDirectory();
                assertThat(data.resolve("spool/influxdb-archive")).isDirectory();
            } finally {
                main.stop();
                subscriber.destroy();
            }
        }
    }

    /** The validity CSVs' rows (one file per day the telegrams were received). */
    private static String validityRows(Path data) throws java.io.IOException {
        StringBuilder rows = new StringBuilder();
        try (var files = Files.newDirectoryStream(data, "validity-*.csv")) {
            for (Path f : files) {
                rows.append(Files.readString(f));
            }
        }
        return rows.toString();
    }

    /** (d) is a setting: the shipped source reads p1.uri, which takes a captured log as it takes a port. */
    @Test
    void theSourceIsSwitchedToACapturedLogBySettingP1Uri() {
        assertThat(Shipped.property("p1.uri")).startsWith("replay:");
        assertThat(List.of("routes/p1.camel.yaml")).allSatisfy(f -> assertThat(Path.of(f)).content().contains("{{p1.uri}}"));
    }
}
