package io.meterbridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.reading.Json;
import io.meterbridge.testing.TestGateway;

/**
 * routes/examples/gas-only-to-json.camel.yaml as a user wires it: the demo's telegrams carry electricity and gas,
 * and the JSON lines file, behind the selection, gets only the gas readings while the CSV sink gets everything.
 */
class SelectedReadingsTest {

    @TempDir
    Path data;

    @Test
    @Timeout(60)
    void aSinkBehindTheSelectionGetsOnlyTheReadingsSelected() throws Exception {
        Main main = TestGateway.newMain();
        main.addOverrideProperty("files.directory", data.toString());
        main.addOverrideProperty("camel.main.routes-include-pattern", "file:routes/*.camel.yaml,file:routes/examples/gas-only-to-json.camel.yaml");
        main.addOverrideProperty("hub.sinks", "direct:sink-csv,direct:gas-to-jsonl");
        main.addOverrideProperty("p1.uri", "replay:demo/p1-capture.log?shutdownWhenDone=true");
        main.run();

        List<String> json = Files.readAllLines(data.resolve("readings-2024-10-27.jsonl"));
        assertThat(json).hasSize(2);
        for (String line : json) {
            assertThat(Json.MAPPER.readTree(line).get("measurement").asText()).isEqualTo("gas");
        }
        assertThat(Files.readAllLines(data.resolve("readings-electricity-2024-10-27.csv"))).hasSize(1 + 298);
        assertThat(Files.readAllLines(data.resolve("readings-gas-2024-10-27.csv"))).hasSize(1 + 2);
    }

    @Test
    void theReadmePrintsTheRouteThisTestRuns() throws Exception {
        String route = Files.readAllLines(Path.of("routes/examples/gas-only-to-json.camel.yaml")).stream()
                .filter(l -> !l.startsWith("#")).collect(java.util.stream.Collectors.joining("\n"));
        assertThat(Files.readString(Path.of("README.md"))).contains("```yaml\n" + route + "\n```");
    }
}
