package io.meterbridge.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.reading.Reading;
import io.meterbridge.testing.FullDisk;

/** The file sinks on a real filesystem: idempotent across restarts, whole rows only, honest on a full disk. */
class ReadingFilesTest {

    private static final Instant T0 = Instant.parse("2024-10-27T10:00:00Z");

    @TempDir
    Path dir;

    private static Reading electricity(int second, double kwh) {
        return Reading.builder("electricity").tag("meter", "E1").field("energy_import_kwh", kwh).field("text_message", "a, \"b\"")
                .time(T0.plusSeconds(second)).build();
    }

    private static Reading gas(int minute) {
        return Reading.builder("gas").tag("meter", "G1").tag("channel", "1").field("volume_m3", 100.0 + minute)
                .time(T0.plusSeconds(60L * minute)).build();
    }

    private ReadingFiles files(Path directory) {
        DailyFiles daily = new DailyFiles();
        daily.setDirectory(directory.toString());
        daily.setZone("UTC");
        ReadingFiles files = new ReadingFiles();
        files.setFiles(daily);
        return files;
    }

    private static Exchange message(CamelContext camel, Object body) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(body);
        exchange.getMessage().setHeader("MeterbridgeValidity", "valid");
        return exchange;
    }

    private List<String> lines(String name) throws IOException {
        return Files.readAllLines(dir.resolve(name), StandardCharsets.UTF_8);
    }

    @Test
    void aRerunAddsNoRowToAnyFileEvenAfterARestart() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            ReadingFiles first = files(dir);
            for (int i = 0; i < 10; i++) {
                first.csv(message(camel, List.of(electricity(i, i), gas(i / 5))));
                first.jsonLines(message(camel, List.of(electricity(i, i), gas(i / 5))));
            }
            // the same telegrams again, in the same run and after a restart (a new writer reading the files back)
            first.csv(message(camel, List.of(electricity(3, 3), gas(0))));
            ReadingFiles restarted = files(dir);
            for (int i = 0; i < 12; i++) {
                List<Reading> written = restarted.csv(message(camel, List.of(electricity(i, i), gas(i / 5))));
                assertThat(written).hasSize(i < 10 ? 0 : i == 10 ? 2 : 1); // at 10 the gas meter moves on too
                restarted.jsonLines(message(camel, List.of(electricity(i, i), gas(i / 5))));
            }
        }
        assertThat(lines("readings-electricity-2024-10-27.csv")).hasSize(1 + 12).first().asString().startsWith("time,meter,");
        assertThat(lines("readings-electricity-2024-10-27.csv")).filteredOn(l -> l.contains("a, \"\"b\"\"")).hasSize(12);
        // the unchanged gas reading (same meter time) is written once, not once per telegram
        assertThat(lines("readings-gas-2024-10-27.csv")).hasSize(1 + 3);
        assertThat(lines("readings-2024-10-27.jsonl")).hasSize(12 + 3);
    }

    @Test
    void aLateReadingThatIsNotInTheFileIsStillWritten() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            ReadingFiles files = files(dir);
            files.csv(message(camel, electricity(10, 10)));
            assertThat(files.csv(message(camel, electricity(5, 5)))).hasSize(1);
            assertThat(files.csv(message(camel, electricity(5, 5)))).isEmpty();
        }
        assertThat(lines("readings-electricity-2024-10-27.csv")).hasSize(3);
    }

    @Test
    void aTornRowLeftByACrashIsCutOffAndTheRestStaysWhole() throws Exception {
        Path csv = dir.resolve("readings-electricity-2024-10-27.csv");
        Files.writeString(csv, "time,meter,energy_import_kwh,text_message\n" + T0 + ",E1,0.0,x\n" + T0.plusSeconds(1) + ",E1,1.");
        try (CamelContext camel = new DefaultCamelContext()) {
            ReadingFiles files = files(dir);
            files.csv(message(camel, List.of(electricity(1, 1), electricity(2, 2))));
        }
        assertThat(lines(csv.getFileName().toString())).containsExactly("time,meter,energy_import_kwh,text_message",
                T0 + ",E1,0.0,x", T0.plusSeconds(1) + ",E1,1.0,\"a, \"\"b\"\"\"", T0.plusSeconds(2) + ",E1,2.0,\"a, \"\"b\"\"\"");
    }

    @Test
    void aDeviceFileKeepsTheColumnsOfItsFirstRow() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            ReadingFiles files = files(dir);
            files.csv(message(camel, Reading.builder("device").tag("meter", "d").field("a", 1.0).field("b", 2.0).time(T0).build()));
            files.csv(message(camel, Reading.builder("device").tag("meter", "d").field("c", 3.0).field("a", 4.0).time(T0.plusSeconds(1)).build()));
        }
        assertThat(lines("readings-device-2024-10-27.csv")).containsExactly("time,meter,a,b", T0 + ",d,1.0,2.0", T0.plusSeconds(1) + ",d,4.0,");
    }

    @Test
    void onAFullDiskNothingIsCountedAsWrittenNoHalfRowStaysAndWritingResumes() throws Exception {
        try (FullDisk disk = FullDisk.mount(dir.resolve("small"), 64); CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            Path data = dir.resolve("small/data");
            ReadingFiles files = files(data);
            io.meterbridge.observe.SinkCounts counts = new io.meterbridge.observe.SinkCounts();
            files.setCounts(counts);
            FilesHealthCheck health = new FilesHealthCheck();
            health.setCamelContext(camel);
            health.setFiles(files);
            files.csv(message(camel, electricity(0, 0)));
            Path filler = disk.fill();

            List<Reading> many = new ArrayList<>();
            for (int i = 1; i <= 200; i++) {
                many.add(electricity(i, i));
            }
            assertThatThrownBy(() -> files.csv(message(camel, many))).isInstanceOf(IOException.class).hasMessageContaining("No space left");
            assertThat(Files.readAllLines(data.resolve("readings-electricity-2024-10-27.csv"))).hasSize(2);
            HealthCheck.Result down = health.call();
            assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(down.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("No space left"));

            Files.delete(filler);
            assertThat(files.csv(message(camel, many))).hasSize(200);
            assertThat(health.call().getState()).isEqualTo(HealthCheck.State.UP);
            List<String> rows = Files.readAllLines(data.resolve("readings-electricity-2024-10-27.csv"));
            assertThat(rows).hasSize(202).allMatch(l -> l.startsWith("time,") || l.endsWith("\"a, \"\"b\"\"\""));
        }
    }
}
