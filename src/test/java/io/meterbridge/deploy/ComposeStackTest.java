package io.meterbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.meterbridge.SettingsCheck;
import io.meterbridge.reading.Json;
import io.meterbridge.testing.InfluxServer;
import io.meterbridge.testing.Shipped;
import io.meterbridge.testing.TestGateway;

/**
 * The one-command stack (compose.yaml): no Docker runs here, so the compose file is checked for what makes it work
 * (every variable a setting, the files it mounts present, Grafana's datasource pointing at its InfluxDB and database),
 * and every query of the Grafana dashboard is run against a real InfluxDB that the gateway filled with the demo, as
 * Grafana would run it: each panel shows data.
 */
@Timeout(120)
class ComposeStackTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path dir;

    @Test
    void theComposeFileWiresTheServicesTogether() throws Exception {
        JsonNode compose = YAML.readTree(Path.of("compose.yaml").toFile());
        JsonNode services = compose.path("services");
        assertThat(iterable(services.fieldNames())).containsExactlyInAnyOrder("meterbridge", "mosquitto", "influxdb", "grafana");
        Set<String> settings = new HashSet<>();
        SettingsCheck.referenceKeys().forEach(k -> settings.add(normal(k)));
        JsonNode env = services.at("/meterbridge/environment");
        env.fieldNames().forEachRemaining(name -> assertThat(settings).as("variable " + name).contains(normal(name)));
        assertThat(env.path("MQTT_BROKER").asText()).isEqualTo("tcp://mosquitto:1883");
        assertThat(env.path("INFLUXDB_URL").asText()).isEqualTo("http://influxdb:8086");
        assertThat(env.path("HUB_SINKS").asText()).contains("direct:sink-influxdb", "direct:sink-mqtt", "direct:sink-store");
        assertThat(Path.of(env.path("TARIFF_FILE").asText())).exists();
        String database = env.path("INFLUXDB_DATABASE").asText();
        assertThat(services.at("/influxdb/environment/INFLUXDB_DB").asText()).isEqualTo(database);
        for (String service : new String[] { "mosquitto", "grafana" }) {
            for (JsonNode volume : services.at("/" + service + "/volumes")) {
                String host = volume.asText().split(":")[0];
                if (host.startsWith("./")) {
                    assertThat(Path.of(host)).as(service + " mounts " + host).exists();
                }
            }
        }
        JsonNode source = YAML.readTree(Path.of("deploy/compose/grafana/provisioning/datasources/influxdb.yaml").toFile()).at("/datasources/0");
        assertThat(source.path("url").asText()).isEqualTo("http://influxdb:8086");
        assertThat(source.at("/jsonData/dbName").asText()).isEqualTo(database);
        JsonNode dashboard = Json.MAPPER.readTree(Path.of("deploy/compose/grafana/dashboards/meterbridge.json").toFile());
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.at("/datasource/uid").asText()).as(panel.path("title").asText()).isEqualTo(source.path("uid").asText());
        }
    }

    @Test
    void everyPanelOfTheGrafanaDashboardShowsTheDemo() throws Exception {
        try (InfluxServer influx = new InfluxServer(Files.createDirectory(dir.resolve("influx")))) {
            influx.start();
            influx.query("meterbridge", "CREATE DATABASE meterbridge");
            Main main = TestGateway.newMain();
            main.addOverrideProperty("files.directory", dir.resolve("data").toString());
            main.addOverrideProperty("p1.uri", Shipped.demoAtOnce());
            main.addOverrideProperty("hub.sinks", "direct:sink-influxdb");
            main.addOverrideProperty("influxdb.url", influx.url());
            main.addOverrideProperty("tariff.file", "tariffs.yaml");
            main.start();
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .until(() -> influx.count("meterbridge", "SELECT count(power_import_w) FROM electricity") == 298L);
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                        .until(() -> influx.count("meterbridge", "SELECT count(cost_total) FROM cost") > 0);
            } finally {
                main.stop();
            }
            JsonNode dashboard = Json.MAPPER.readTree(Path.of("deploy/compose/grafana/dashboards/meterbridge.json").toFile());
            assertThat(dashboard.path("panels")).hasSize(5);
            for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    String q = target.path("query").asText().replace("$timeFilter", "time > now() - 2d AND time < now() + 1d")
                            .replace("$__interval", "10s");
                    JsonNode series = influx.query("meterbridge", q).at("/results/0/series");
                    assertThat(series.size()).as(panel.path("title").asText() + ": " + q).isPositive();
                    boolean anyValue = false;
                    for (JsonNode s : series) {
                        for (JsonNode row : s.path("values")) {
                            anyValue |= !row.path(1).isNull();
                        }
                    }
                    assertThat(anyValue).as(panel.path("title").asText() + " has values: " + q).isTrue();
                }
            }
        }
    }

    private static String normal(String name) {
        return name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> it) {
        return () -> it;
    }
}
