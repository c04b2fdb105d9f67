package io.meterbridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.reading.Json;
import io.meterbridge.reading.Reading;
import io.meterbridge.testing.JavaCommand;
import io.meterbridge.testing.TestGateway;

/**
 * The README's command examples, taken from its code blocks and run as printed against a started gateway: the API
 * calls with curl (only the port is the test's: localhost:8080 becomes the gateway's free port), and the command-line
 * tools (java -jar target/meterbridge.jar becomes the same main class on the test's class path, as the jar is built
 * after the tests). Examples that need what this machine lacks are listed below with why, and a new kind of example
 * fails the test until it is run or listed.
 */
@Timeout(120)
class ReadmeExamplesTest {

    /**
     * Commands that cannot run here, by how they start: building, a meter on a serial port, Docker, Kubernetes, and
     * whole demo runs with JVM options (class-data sharing; bench/startup runs those, on the demo's own ports).
     */
    private static final List<String> NOT_HERE = List.of("./mvnw", "java -Dp1.uri=serial:", "P1_SECRET_KEY=", "docker ", "kubectl ", "java -XX:",
            "java -jar target/meterbridge.jar sniff /dev/", "#");
    private static final String TOKEN = "readme-write-token-0001";

    @TempDir
    Path dir;

    @Test
    void everyExampleRunsAsPrinted() throws Exception {
        List<String> commands = commands(Files.readString(Path.of("README.md")));
        Main main = TestGateway.newMain();
        main.addOverrideProperty("camel.main.routes-exclude-pattern", "file:routes/p1.camel.yaml");
        main.addOverrideProperty("files.directory", dir.toString());
        main.addOverrideProperty("hub.sinks", "direct:sink-store");
        main.addOverrideProperty("api.tokens", "readme:write:" + TOKEN);
        main.start();
        List<String> ran = new ArrayList<>();
        // the decode example names a capture.log of the user's own: the demo's capture stands in, once for the run
        Files.copy(Path.of("demo", "p1-capture.log"), Path.of("capture.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try {
            // the reading the adjustment example corrects
            main.getCamelContext().createProducerTemplate().sendBody("direct:readings", Reading.builder("electricity")
                    .tag("meter", "0.0.1.1.2").field("energy_import_kwh", 1230.0).time(Instant.parse("2024-10-27T10:00:00Z")).build());
            Map<String, String> env = new HashMap<>(Map.of("TOKEN", TOKEN));
            for (String command : commands) {
                if (NOT_HERE.stream().anyMatch(command::startsWith)) {
                    continue;
                }
                String run = command.replace("localhost:8080", "127.0.0.1:" + TestGateway.port(main))
                        .replace("java -jar target/meterbridge.jar", java() + " " + MeterbridgeMain.class.getName());
                assertThat(run).as("an example of a kind this test does not know: " + command)
                        .matches("(?s)^(curl |" + Pattern.quote(java()) + ").*");
                String out = bash(run, env);
                if (command.startsWith("curl")) {
                    assertThat(out).as(command).doesNotContain("\"error\"");
                    var answer = Json.MAPPER.readTree(out);
                    if (answer.has("id")) {
                        env.put("ID", answer.get("id").asText());
                    }
                }
                ran.add(command);
            }
        } finally {
            main.stop();
            Files.deleteIfExists(Path.of("capture.log"));
        }
        assertThat(ran).anyMatch(c -> c.contains("/api/adjustments/$ID/revert")).anyMatch(c -> c.contains(" config"))
                .anyMatch(c -> c.contains(" decode "));
    }

    /** Each command of the sh blocks, continuation lines joined, comments after a command dropped. */
    static List<String> commands(String readme) {
        List<String> commands = new ArrayList<>();
        Matcher block = Pattern.compile("(?s)```(?:sh|bash)\\n(.*?)```").matcher(readme);
        while (block.find()) {
            String joined = block.group(1).replace("\\\n", " ");
            for (String line : joined.split("\n")) {
                String command = line.replaceAll("\\s+#[^'\"]*$", "").strip();
                if (!command.isEmpty()) {
                    commands.add(command);
                }
            }
        }
        return commands;
    }

    private static String java() {
        return JavaCommand.quickLine();
    }

    private String bash(String command, Map<String, String> env) throws Exception {
        try {
            // stderr apart: curl's progress meter and the tools' summaries go there, the answer to stdout
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).redirectError(dir.resolve("stderr.txt").toFile());
            builder.environment().putAll(env);
            Process p = builder.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String err = Files.readString(dir.resolve("stderr.txt"));
            assertThat(p.exitValue()).as(command + " exits 0: " + out + err).isZero();
            // no stack trace (a setting's value may name an exception class, as the error handling's do)
            assertThat(out + err).as(command).doesNotContainPattern("(?m)^\\s+at [a-z][\\w.$]+\\(").doesNotContain("Exception in thread");
            return out;
        } finally {
            Files.deleteIfExists(dir.resolve("stderr.txt"));
        }
    }
}
