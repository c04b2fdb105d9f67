package io.meterbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** Every runtime dependency the pom names is justified in docs/DEPENDENCIES.md, and the image ships the SBOM. */
class DependenciesDocTest {

    @Test
    void everyRuntimeDependencyIsJustified() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        // the project's own dependencies: after the imported BOM, before the plugins
        int from = pom.indexOf("<dependencies>", pom.indexOf("</dependencyManagement>"));
        String dependencies = pom.substring(from, pom.indexOf("</dependencies>", from));
        List<String> runtime = new ArrayList<>();
        Matcher m = Pattern.compile("(?s)<dependency>(.*?)</dependency>").matcher(dependencies);
        while (m.find()) {
            if (!m.group(1).contains("<scope>test</scope>")) {
                Matcher artifact = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(m.group(1));
                assertThat(artifact.find()).isTrue();
                runtime.add(artifact.group(1));
            }
        }
        assertThat(runtime).hasSizeGreaterThan(20);
        String doc = Files.readString(Path.of("docs", "DEPENDENCIES.md"));
        assertThat(runtime).allSatisfy(a -> assertThat(doc).as(a + " in docs/DEPENDENCIES.md").contains("`" + a + "`"));
        assertThat(Files.readString(Path.of("Dockerfile"))).contains("meterbridge-sbom.json");
    }

    /**
     * The Prometheus text formats are named in the pom (their jar with the protobuf one is excluded): their version must
     * be the one micrometer-registry-prometheus brings the rest of the Prometheus client in, or /observe/metrics
     * could mix two releases after a Camel upgrade.
     */
    @Test
    void thePrometheusTextFormatsMatchThePrometheusClient() {
        String core = io.prometheus.metrics.core.metrics.Counter.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        String text = io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.class.getProtectionDomain().getCodeSource()
                .getLocation().getPath();
        String version = core.replaceAll(".*prometheus-metrics-core-([^/]+)\\.jar$", "$1");
        assertThat(text).endsWith("prometheus-metrics-exposition-textformats-" + version + ".jar");
    }

    /** A test-only dependency must not choose a shipped jar's version: every Netty jar on the class path is one release. */
    @Test
    void nettyIsOneRelease() {
        assertThat(io.netty.util.Version.identify().values().stream().map(io.netty.util.Version::artifactVersion).distinct())
                .as(io.netty.util.Version.identify().toString()).hasSize(1);
    }
}
