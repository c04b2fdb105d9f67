package io.meterbridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.reading.Json;

/**
 * The README's main command, in process: Camel Main with the shipped routes/ and application.properties
 * replays demo/p1-capture.log (told to stop at its end); the files a user would open, and the embedded store, must
 * hold what the capture holds.
 */
class DemoReplayTest {

    @TempDir
    Path data;

    private List<String> lines(String glob) throws IOException {
        try (Stream<Path> files = Files.list(data)) {
            Path file = files.filter(p -> p.getFileSystem().getPathMatcher("glob:" + glob).matches(p.getFileName()))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + glob + " in " + data));
            return Files.readAllLines(file, StandardCharsets.US_ASCII);
        }
    }

    @Test
    @Timeout(60)
    void replaysTheDemoCaptureIntoTheFileSinks() throws Exception {
        Main main = MeterbridgeMain.newMain();
        main.addOverrideProperty("files.directory", data.toString());
        main.addOverrideProperty("camel.management.port", "0");
        main.addOverrideProperty("p1.uri", "replay:demo/p1-capture.log?shutdownWhenDone=true");
        main.run(); // shutdownWhenDone ends it once the capture is replayed

        // 301 frames: 296 valid, 2 corrected, 3 rejected (see DemoCapture)
        List<String> validity = lines("validity-*.csv");
        assertThat(validity.get(0)).isEqualTo("received,meter_time,meter,validity,reason,origin");
        assertThat(validity).hasSize(302);
        assertThat(validity.stream().filter(l -> l.contains(",valid,"))).hasSize(296);
        assertThat(validity.stream().filter(l -> l.contains(",corrected,"))).hasSize(2);
        assertThat(validity.stream().filter(l -> l.contains(",rejected,"))).hasSize(3);

        List<String> electricity = lines("readings-electricity-2024-10-27.csv");
        assertThat(electricity).hasSize(1 + 298);
        assertThat(electricity.get(0)).startsWith("time,meter,validity,energy_import_kwh,");
        // the capture crosses the end of summer time: 02:59:59 summer time is followed by 02:00:00 winter time
        // (whose telegram carries two damaged bytes and is rejected), then 02:00:01
        assertThat(electricity).anyMatch(l -> l.startsWith("2024-10-27T00:59:59Z,E0044007382246019,valid,"));
        assertThat(electricity).anyMatch(l -> l.startsWith("2024-10-27T01:00:01Z,E0044007382246019,valid,"));
        assertThat(electricity.stream().filter(l -> l.contains(",corrected,"))).hasSize(2);

        List<String> gas = lines("readings-gas-2024-10-27.csv");
        assertThat(gas.get(0)).isEqualTo("time,meter,channel,volume_m3");
        assertThat(gas).hasSize(1 + 298);

        List<String> json = lines("readings-2024-10-27.jsonl");
        assertThat(json).hasSize(2 * 298);
        assertThat(Json.MAPPER.readTree(json.get(0)).get("tags").get("meter").asText()).isEqualTo("E0044007382246019");

        // the embedded store holds every reading too: one row per field, electricity and gas
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("meterbridge.db"));
                ResultSet rs = c.createStatement().executeQuery("SELECT count(DISTINCT time), count(*) FROM sample WHERE field = 'power_import_w'")) {
            assertThat(rs.getInt(1)).isEqualTo(298);
            assertThat(rs.getInt(2)).isEqualTo(298);
        }

        String errors = String.join("\n", lines("telegram-errors-*.log"));
        assertThat(errors).contains("rejected", "corrected", "restored to", "no telegram start");
    }
}
