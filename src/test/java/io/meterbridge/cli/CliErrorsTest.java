package io.meterbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.meterbridge.MeterbridgeMain;
import io.meterbridge.testing.JavaCommand;

/** The command line as a user meets it: what they typed wrong gets one line and an exit code, never a stack trace. */
@Timeout(120)
class CliErrorsTest {

    record Run(int exit, String out) {
    }

    private static Run run(String... args) throws Exception {
        return run(List.of(), args);
    }

    private static Run run(List<String> settings, String... args) throws Exception {
        List<String> command = JavaCommand.quick();
        command.addAll(settings);
        command.add(MeterbridgeMain.class.getName());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    /** A setting that does not exist would be ignored: the start stops, naming it and the likely one. */
    @Test
    void aMistypedSettingStopsTheStartWithOneLineNamingIt() throws Exception {
        Run typo = run(List.of("-Dinfluxdb.batchsize=5000", "-Dcamel.server.port=0", "-Dcamel.management.port=0"));
        assertThat(typo.exit()).isEqualTo(1);
        assertThat(typo.out()).contains("meterbridge did not start: unknown setting influxdb.batchsize: did you mean influxdb.batch-size?")
                .doesNotContain("\tat ");
        Run unknown = run(List.of("-Dstore.colour=blue", "-Dcamel.server.port=0", "-Dcamel.management.port=0"));
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.out()).contains("unknown setting store.colour: the store.* settings are ").contains("store.zone");
    }

    /** A value a setting cannot take stops the start too, naming the setting and what it accepts. */
    @Test
    void aValueASettingDoesNotAcceptStopsTheStartWithOneLineNamingIt() throws Exception {
        Run days = run(List.of("-Dstore.raw-days=seven", "-Dcamel.server.port=0", "-Dcamel.management.port=0"));
        assertThat(days.exit()).isEqualTo(1);
        assertThat(days.out()).contains("meterbridge did not start: store.raw-days = seven: accepted values are whole numbers from 1 to 36500")
                .doesNotContain("\tat ");
        Run election = run(List.of("-Dleader.election=zookeeper", "-Dcamel.server.port=0", "-Dcamel.management.port=0"));
        assertThat(election.out()).contains("meterbridge did not start: leader.election = zookeeper: accepted values are file, kubernetes");
        Run flag = run(List.of("-Dp1.correct=yes", "-Dcamel.server.port=0", "-Dcamel.management.port=0"));
        assertThat(flag.out()).contains("meterbridge did not start: p1.correct = yes: accepted values are true, false");
    }

    /**
     * A plain install's lib/ has neither the Kubernetes client (target/lib-kubernetes) nor the Kafka client
     * (target/lib-kafka); the image has both: the gateway runs without them, and asking for the Kubernetes election
     * or a Kafka route without them says what to do in one line.
     */
    @Test
    void theKubernetesAndKafkaClientsAreOptional(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String classPath = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> !e.contains("io/fabric8") && !e.contains("camel-kubernetes") && !e.contains("kafka") && !e.contains("lz4")).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        List<String> base = List.of(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp", classPath, "-Dlog4j2.configurationFile=classpath:log4j2.properties", "-Dcamel.server.port=0", "-Dcamel.management.port=0", "-Dfiles.directory=" + dir);
        List<String> lease = new java.util.ArrayList<>(base);
        lease.addAll(List.of("-Dleader.election=kubernetes", MeterbridgeMain.class.getName()));
        Run refused = launch(lease);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.out()).contains("meterbridge did not start: leader.election = kubernetes needs the Kubernetes client, which only the "
                + "container image carries: copy target/lib-kubernetes/*.jar into lib/").doesNotContain("\tat ");
        List<String> kafka = new java.util.ArrayList<>(base);
        kafka.addAll(List.of("-Dhub.sinks=direct:sink-kafka", MeterbridgeMain.class.getName()));
        Run noKafka = launch(kafka);
        assertThat(noKafka.exit()).isEqualTo(1);
        assertThat(noKafka.out()).contains("meterbridge did not start: a route uses Kafka, whose client only the container image carries: "
                + "copy target/lib-kafka/*.jar into lib/").doesNotContain("\tat ");
        List<String> plain = new java.util.ArrayList<>(base);
        plain.addAll(List.of("-Dcamel.main.duration-max-seconds=2", MeterbridgeMain.class.getName()));
        Run runs = launch(plain);
        assertThat(runs.exit()).as(runs.out()).isZero();
        assertThat(runs.out()).contains("(meterbridge) started in").doesNotContain("NoClassDefFoundError");
    }

    private static Run launch(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void aMistypedCommandPrintsUsageAndExits2() throws Exception {
        Run r = run("decod", "demo/p1-capture.log");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).startsWith("meterbridge: unknown command 'decod'").contains("usage: java -jar meterbridge.jar");
    }

    @Test
    void aMissingFileIsOneLineAndExit1() throws Exception {
        Run r = run("decode", "no-such-capture.log");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out().strip()).isEqualTo("decode: cannot read no-such-capture.log (no such file)");
    }

    @Test
    void decodePrintsCrcsAsTheTelegramWritesThem() throws Exception {
        Run r = run("decode", "demo/p1-capture.log");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).containsPattern("\"crc\":\\{\"given\":\"[0-9A-F]{4}\",\"computed\":\"[0-9A-F]{4}\"\\}")
                .doesNotContain("Exception");
    }
}
