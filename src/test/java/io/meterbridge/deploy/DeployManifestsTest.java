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
 * The Kubernetes manifests in deploy/ (a kustomize base, three overlays and the image component) against the
 * Kubernetes schema, the restricted Pod Security Standard and what the application serves and reads: the probes ask
 * the management port for Camel's live and ready health, the ports are the ones
 * application.properties opens, every environment variable and secret sets a setting that exists, the leader
 * election names a configured bean, and the routes in the ConfigMaps refer only to settings that exist.
 */
class DeployManifestsTest {

    static final Path DEPLOY = Path.of("deploy");
    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??([a-zA-Z0-9_.\\-]+)(?::[^}]*)?}}");
    static final Pattern ENV = Pattern.compile("\\{\\{env:([A-Z0-9_]+)");

    static List<JsonNode> docs = new ArrayList<>();
    /** The file each document came from, by identity. */
    static java.util.Map<JsonNode, Path> files = new java.util.IdentityHashMap<>();
    static Properties app = new Properties();
    /** Every setting a property file or route defines or refers to, and the environment variables they read. */
    static Set<String> keys = new HashSet<>();
    static Set<String> envs = new HashSet<>();

    @BeforeAll
    static void read() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (Stream<Path> all = Files.walk(DEPLOY)) {
            // deploy/compose is the compose stack's configuration (ComposeStackTest), not Kubernetes
            for (Path f : all.filter(p -> p.toString().endsWith(".yaml") && !p.startsWith(DEPLOY.resolve("compose"))).sorted().toList()) {
                try (var it = yaml.readerFor(JsonNode.class).readValues(f.toFile())) {
                    while (it.hasNext()) {
                        JsonNode doc = (JsonNode) it.next();
                        if (doc != null && !doc.isNull()) {
                            docs.add(doc);
                            files.put(doc, f);
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

    /** Workloads: what runs pods. */
    private static List<JsonNode> workloads() {
        List<JsonNode> w = new ArrayList<>(kind("Deployment"));
        w.addAll(kind("StatefulSet"));
        return w;
    }

    /**
     * Every manifest belongs to exactly one kustomization, every path a kustomization names exists, and the three
     * overlays (home, fleet, mqtt-fleet) build on the base and name the image through the one component.
     */
    @Test
    void everyManifestIsInOneKustomizationAndEveryOverlayBuildsOnTheBase() throws IOException {
        Set<Path> listed = new HashSet<>();
        for (JsonNode k : docs.stream().filter(d -> d.path("kind").asText().matches("Kustomization|Component")).toList()) {
            Path dir = files.get(k).getParent();
            for (String field : new String[] { "resources", "components" }) {
                for (JsonNode r : k.path(field)) {
                    Path target = dir.resolve(r.asText()).normalize();
                    assertThat(target).as(files.get(k) + " " + field + " " + r.asText()).exists();
                    // an overlay's base or component may be shared; a manifest belongs to one kustomization
                    assertThat(listed.add(Files.isDirectory(target) ? target.resolve("kustomization.yaml") : target) || Files.isDirectory(target))
                            .as("listed twice: " + target).isTrue();
                }
            }
        }
        for (JsonNode d : docs) {
            Path f = files.get(d);
            if (!f.getFileName().toString().equals("kustomization.yaml")) {
                assertThat(listed).as(f + " is in no kustomization").contains(f);
                assertThat(d.path("apiVersion").asText()).as(d.toString()).isNotEmpty();
                assertThat(d.path("metadata").path("name").asText()).as(d.toString()).isNotEmpty();
            }
        }
        for (String overlay : List.of("home", "fleet", "mqtt-fleet")) {
            JsonNode k = docs.stream().filter(d -> files.get(d).equals(DEPLOY.resolve(overlay).resolve("kustomization.yaml"))).findFirst().orElseThrow();
            assertThat(k.path("resources").toString()).as(overlay).contains("../base");
            assertThat(k.path("components").toString()).as(overlay).contains("../components/image");
            assertThat(k.path("namespace").asText()).isEqualTo("meterbridge");
        }
        assertThat(workloads()).extracting(d -> d.path("kind").asText() + "/" + d.path("metadata").path("name").asText())
                .containsExactlyInAnyOrder("Deployment/meterbridge-home", "StatefulSet/meterbridge-central", "Deployment/meterbridge-mqtt");
    }

    /** A real image reference: every container names the image the component maps to a registry and a version tag. */
    @Test
    void theImageIsARegistryReferenceWithAVersionSetInOnePlace() {
        JsonNode image = kind("Component").get(0).path("images").get(0);
        assertThat(image.path("name").asText()).isEqualTo("meterbridge");
        assertThat(image.path("newName").asText()).matches("[a-z0-9.-]+\\.[a-z]+/[a-z0-9/-]+");
        assertThat(image.path("newTag").asText()).matches("\\d+\\.\\d+\\.\\d+").isNotEqualTo("latest");
        for (JsonNode w : workloads()) {
            assertThat(w.at("/spec/template/spec/containers/0/image").asText()).as(w.at("/metadata/name").asText()).isEqualTo("meterbridge");
        }
    }

    /**
     * Every manifest as the Kubernetes API reads it: into the API's own model (fabric8's, generated from the
     * Kubernetes OpenAPI schema), with no field the schema does not have (a misspelt one would be dropped silently by
     * the API server, or refused) and every value of its field's type.
     */
    @Test
    void everyManifestFitsTheKubernetesSchema() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        java.util.Map<String, Class<?>> models = java.util.Map.of("Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class,
                "StatefulSet", io.fabric8.kubernetes.api.model.apps.StatefulSet.class, "Service", io.fabric8.kubernetes.api.model.Service.class,
                "ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class, "Secret", io.fabric8.kubernetes.api.model.Secret.class,
                "Namespace", io.fabric8.kubernetes.api.model.Namespace.class,
                "PersistentVolumeClaim", io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class,
                "ServiceAccount", io.fabric8.kubernetes.api.model.ServiceAccount.class, "Role", io.fabric8.kubernetes.api.model.rbac.Role.class,
                "RoleBinding", io.fabric8.kubernetes.api.model.rbac.RoleBinding.class);
        int checked = 0;
        for (JsonNode d : docs) {
            String kind = d.path("kind").asText();
            if (kind.equals("Kustomization") || kind.equals("Component")) {
                continue;
            }
            assertThat(models).as("a model for " + kind).containsKey(kind);
            Object model = mapper.treeToValue(d, models.get(kind));
            List<String> unknown = new ArrayList<>();
            Schema.unknownFields(model, kind, unknown);
            assertThat(unknown).as(files.get(d) + ": fields the Kubernetes schema does not have").isEmpty();
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(13);
    }

    /**
     * The restricted Pod Security Standard, as the namespace enforces it (pod-security.kubernetes.io/enforce):
     * non-root, no privilege escalation, every capability dropped, the runtime's seccomp profile, no host namespaces,
     * ports or paths, no privileged container; and what the API server refuses outright (privileged together with
     * allowPrivilegeEscalation false).
     */
    @Test
    void everyPodMeetsTheRestrictedPodSecurityStandard() {
        assertThat(kind("Namespace").get(0).at("/metadata/labels/pod-security.kubernetes.io~1enforce").asText()).isEqualTo("restricted");
        Set<String> allowedVolumes = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret");
        for (JsonNode w : workloads()) {
            String name = w.at("/metadata/name").asText();
            JsonNode pod = w.at("/spec/template/spec");
            for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
                assertThat(pod.path(host).asBoolean(false)).as(name + " " + host).isFalse();
            }
            for (JsonNode v : pod.path("volumes")) {
                v.fieldNames().forEachRemaining(f -> assertThat(f.equals("name") || allowedVolumes.contains(f)).as(name + " volume type " + f).isTrue());
            }
            JsonNode podSecurity = pod.path("securityContext");
            for (JsonNode c : pod.path("containers")) {
                JsonNode security = c.path("securityContext");
                assertThat(security.path("privileged").asBoolean(false)).as(name + " privileged").isFalse();
                assertThat(security.path("allowPrivilegeEscalation").isBoolean() && !security.path("allowPrivilegeEscalation").asBoolean())
                        .as(name + " allowPrivilegeEscalation: false").isTrue();
                assertThat(security.at("/capabilities/drop").toString()).as(name + " drops ALL capabilities").contains("\"ALL\"");
                assertThat(security.at("/capabilities/add").size()).as(name + " adds no capability").isZero();
                assertThat(security.path("runAsNonRoot").asBoolean(podSecurity.path("runAsNonRoot").asBoolean(false))).as(name + " runAsNonRoot").isTrue();
                assertThat(security.path("runAsUser").asInt(podSecurity.path("runAsUser").asInt(-1))).as(name + " runAsUser").isPositive();
                assertThat(security.at("/seccompProfile/type").asText(podSecurity.at("/seccompProfile/type").asText()))
                        .as(name + " seccompProfile").isIn("RuntimeDefault", "Localhost");
                for (JsonNode p : c.path("ports")) {
                    assertThat(p.has("hostPort")).as(name + " hostPort").isFalse();
                }
            }
        }
    }

    @Test
    void probesAndPortsAreWhatTheApplicationServes() {
        int management = Integer.parseInt(app.getProperty("camel.management.port"));
        int http = Integer.parseInt(app.getProperty("camel.server.port"));
        for (JsonNode deployment : workloads()) {
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
            assertThat(container.path("resources").path("requests").has("memory")).as("memory request").isTrue();
            assertThat(container.path("resources").path("limits").has("memory")).as("memory limit").isTrue();
        }
        // a central gateway's spool outlives its pod: a volume of its own
        JsonNode central = kind("StatefulSet").get(0);
        assertThat(central.at("/spec/volumeClaimTemplates/0/metadata/name").asText()).isEqualTo("data");
        // the home gateway reads one port: one replica, never two at once, its store and spool on a volume
        JsonNode serial = kind("Deployment").stream().filter(d -> d.at("/metadata/name").asText().equals("meterbridge-home")).findFirst().orElseThrow();
        assertThat(serial.at("/spec/template/spec/volumes/0/persistentVolumeClaim/claimName").asText()).isEqualTo("meterbridge-data");
        assertThat(serial.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(serial.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
        // the Service sends to ports the serial gateway's container has, also while it is not ready (a silent
        // meter, InfluxDB down: what its dashboard is opened to see)
        JsonNode service = kind("Service").stream().filter(d -> d.at("/metadata/name").asText().equals("meterbridge")).findFirst().orElseThrow();
        assertThat(service.at("/spec/publishNotReadyAddresses").asBoolean()).isTrue();
        for (JsonNode p : service.at("/spec/ports")) {
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
        for (JsonNode deployment : workloads()) {
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
        // the central gateways' route is the README's, which KafkaFleetTest runs
        String central = kind("ConfigMap").stream().filter(c -> c.at("/metadata/name").asText().equals("meterbridge-central-routes")).findFirst()
                .orElseThrow().at("/data/kafka-central.camel.yaml").asText();
        assertThat(yaml.readTree(central)).isEqualTo(yaml.readTree(io.meterbridge.testing.Readme.yamlBlock("# routes/kafka-central.camel.yaml")));
    }
}
