package io.meterbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.meterbridge.SettingsCheck;
import io.meterbridge.reading.Json;

/**
 * The Kubernetes manifests in deploy/ against what the application serves and reads: they parse, kustomize lists
 * them all, the probes ask the management port for Camel's live and ready health, the ports are the ones
 * application.properties opens, every environment variable and secret sets a setting that exists, the leader
 * election names a configured bean, and the routes in the ConfigMaps refer only to settings that exist.
 */
class DeployManifestsTest {

    static final Path DEPLOY = Path.of("deploy");
    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??([a-zA-Z0-9_.\\-]+)(?::[^}]*)?}}");
    static final Pattern ENV = Pattern.compile("\\{\\{env:([A-Z0-9_]+)");

    static List<JsonNode> docs = new ArrayList<>();
    static Properties app = new Properties();
    /** Every setting a property file or route defines or refers to, and the environment variables they read. */
    static Set<String> keys = new HashSet<>();
    static Set<String> envs = new HashSet<>();

    @BeforeAll
    static void read() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (Stream<Path> files = Files.list(DEPLOY)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (var it = yaml.readerFor(JsonNode.class).readValues(f.toFile())) {
                    while (it.hasNext()) {
                        JsonNode doc = (JsonNode) it.next();
                        if (doc != null && !doc.isNull()) {
                            docs.add(doc);
                        }
                    }
                }
            }
        }
        // the defaults in the jar, then what application.properties changes
        app.load(new java.io.StringReader(SettingsCheck.reference()));
        try (Reader in = Files.newBufferedReader(Path.of("application.properties"))) {
            app.load(in);
        }
        keys.addAll(SettingsCheck.known(Path.of("application.properties"), Path.of("routes")));
        StringBuilder text = new StringBuilder(Files.readString(Path.of("application.properties")));
        text.append(SettingsCheck.reference());
        try (Stream<Path> routes = Files.walk(Path.of("routes"))) {
            for (Path r : routes.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                text.append(Files.readString(r));
            }
        }
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            keys.add(m.group(1));
        }
        Matcher e = ENV.matcher(text);
        while (e.find()) {
            envs.add(e.group(1));
        }
        // Camel Main's own options (camel.main.*, camel.server.*), from its metadata
        try (InputStream in = org.apache.camel.main.MainConfigurationProperties.class.getResourceAsStream("/META-INF/camel-main-configuration-metadata.json")) {
            for (JsonNode p : Json.MAPPER.readTree(in).get("properties")) {
                keys.add(p.get("name").asText());
            }
        }
    }

    private static List<JsonNode> kind(String kind) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }

    @Test
    void everyManifestParsesAndKustomizeListsThemAll() throws IOException {
        JsonNode kustomization = kind("Kustomization").get(0);
        Set<String> listed = new HashSet<>();
        kustomization.get("resources").forEach(r -> listed.add(r.asText()));
        try (Stream<Path> files = Files.list(DEPLOY)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")))
                    .containsExactlyInAnyOrderElementsOf(listed);
        }
        for (JsonNode d : docs) {
            if (!d.path("kind").asText().equals("Kustomization")) {
                assertThat(d.path("apiVersion").asText()).as(d.toString()).isNotEmpty();
                assertThat(d.path("metadata").path("name").asText()).as(d.toString()).isNotEmpty();
            }
        }
        assertThat(kind("Deployment")).hasSize(2);
        assertThat(kind("Deployment")).extracting(d -> d.path("metadata").path("name").asText()).containsExactlyInAnyOrder("meterbridge-serial", "meterbridge-mqtt");
    }

    /**
     * What the API server refuses to admit, checked as it checks it: a privileged container that forbids privilege
     * escalation ("cannot set allowPrivilegeEscalation to false and privileged to true").
     */
    @Test
    void everyContainerPassesTheApiServersSecurityContextRules() {
        for (JsonNode deployment : kind("Deployment")) {
            for (JsonNode container : deployment.at("/spec/template/spec/containers")) {
                JsonNode security = container.path("securityContext");
                boolean refused = security.path("privileged").asBoolean(false) && security.has("allowPrivilegeEscalation")
                        && !security.path("allowPrivilegeEscalation").asBoolean();
                assertThat(refused).as(deployment.at("/metadata/name").asText() + ": privileged with allowPrivilegeEscalation false").isFalse();
            }
        }
    }

    @Test
    void probesAndPortsAreWhatTheApplicationServes() {
        int management = Integer.parseInt(app.getProperty("camel.management.port"));
        int http = Integer.parseInt(app.getProperty("camel.server.port"));
        for (JsonNode deployment : kind("Deployment")) {
            JsonNode container = deployment.at("/spec/template/spec/containers/0");
            JsonNode ports = container.get("ports");
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                JsonNode get = container.path(probe).path("httpGet");
                assertThat(get.path("path").asText()).as(probe).isEqualTo(probe.equals("readinessProbe") ? "/observe/health/ready" : "/observe/health/live");
                assertThat(port(ports, get.path("port").asText())).as(probe + " port").isEqualTo(management);
            }
            // Prometheus is told where the metrics are
            JsonNode scrape = deployment.at("/spec/template/metadata/annotations");
            assertThat(scrape.path("prometheus.io/port").asInt()).isEqualTo(management);
            assertThat(scrape.path("prometheus.io/path").asText()).isEqualTo("/observe/metrics");
            if (port(ports, "http") != null) {
                assertThat(port(ports, "http")).isEqualTo(http);
            }
            assertThat(container.path("volumeMounts").toString()).contains("/app/data");
        }
        // the serial gateway reads one port: one replica, never two at once
        JsonNode serial = kind("Deployment").stream().filter(d -> d.at("/metadata/name").asText().equals("meterbridge-serial")).findFirst().orElseThrow();
        assertThat(serial.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(serial.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
        // the Service sends to ports the serial gateway's container has, also while it is not ready (a silent
        // meter, InfluxDB down: what its dashboard is opened to see)
        assertThat(kind("Service").get(0).at("/spec/publishNotReadyAddresses").asBoolean()).isTrue();
        for (JsonNode p : kind("Service").get(0).at("/spec/ports")) {
            assertThat(port(serial.at("/spec/template/spec/containers/0/ports"), p.get("targetPort").asText())).isEqualTo(p.get("port").asInt());
        }
    }

    private static Integer port(JsonNode ports, String name) {
        for (JsonNode p : ports) {
            if (p.path("name").asText().equals(name)) {
                return p.path("containerPort").asInt();
            }
        }
        return null;
    }

    @Test
    void everyVariableAndSecretSetsASettingThatExists() {
        // Camel maps P1_URI to p1.uri and CAMEL_MAIN_ROUTES_INCLUDE_PATTERN to camel.main.routesIncludePattern
        Set<String> known = new HashSet<>();
        for (String key : keys) {
            known.add(normal(key));
        }
        envs.forEach(e -> known.add(normal(e)));
        known.add(normal("JAVA_TOOL_OPTIONS"));
        for (JsonNode deployment : kind("Deployment")) {
            for (JsonNode env : deployment.at("/spec/template/spec/containers/0/env")) {
                assertThat(known).as("environment variable " + env.get("name").asText() + " of " + deployment.at("/metadata/name").asText())
                        .contains(normal(env.get("name").asText()));
                if (env.get("name").asText().equals("LEADER_ELECTION")) {
                    assertThat(env.get("value").asText()).as("leader election").isIn("file", "kubernetes");
                }
            }
            assertThat(deployment.at("/spec/template/spec/containers/0/envFrom/0/secretRef/name").asText()).isEqualTo("meterbridge");
        }
        JsonNode secret = kind("Secret").get(0);
        secret.get("stringData").fieldNames().forEachRemaining(name -> assertThat(known).as("secret " + name).contains(normal(name)));
        // no secret value is committed
        secret.get("stringData").forEach(v -> assertThat(v.asText()).isEmpty());
    }

    private static String normal(String name) {
        return name.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    }

    @Test
    void theRoutesInTheConfigMapsReferToSettingsThatExist() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        int routes = 0;
        for (JsonNode map : kind("ConfigMap")) {
            for (JsonNode route : map.get("data")) {
                JsonNode parsed = yaml.readTree(route.asText());
                assertThat(parsed.isArray()).as(route.asText()).isTrue();
                routes += parsed.size();
                Matcher m = PLACEHOLDER.matcher(route.asText());
                while (m.find()) {
                    assertThat(app.getProperty(m.group(1)) != null || keys.contains(m.group(1))).as("setting " + m.group(1)).isTrue();
                }
            }
        }
        assertThat(routes).isPositive();
        // the fleet replicas' route is the example's, so what is tested there runs here
        String fleet = kind("ConfigMap").stream().filter(c -> c.at("/metadata/name").asText().equals("meterbridge-fleet-routes")).findFirst()
                .orElseThrow().at("/data/p1-fleet.camel.yaml").asText();
        assertThat(yaml.readTree(fleet)).isEqualTo(yaml.readTree(Path.of("routes/examples/p1-fleet.camel.yaml").toFile()));
    }
}
