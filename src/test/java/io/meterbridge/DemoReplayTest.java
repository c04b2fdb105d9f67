package io.meterbridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.reading.Json;
import io.meterbridge.store.StoreMaintenance;
import io.meterbridge.testing.Shipped;
import io.meterbridge.testing.TestGateway;

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
        Main main = TestGateway.newMain();
        main.addOverrideProperty("files.directory", data.toString());
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

        // the gas meter's reading changes every five minutes (its M-Bus time): a row per reading, not per telegram
        List<String> gas = lines("readings-gas-2024-10-27.csv");
        assertThat(gas).containsExactly("time,meter,channel,volume_m3", "2024-10-27T00:55:00Z,G0039001936990619,1,2246.138",
                "2024-10-27T01:00:00Z,G0039001936990619,1,2246.167");

        List<String> json = lines("readings-2024-10-27.jsonl");
        assertThat(json).hasSize(298 + 2);
        assertThat(Json.MAPPER.readTree(json.get(0)).get("tags").get("meter").asText()).isEqualTo("E0044007382246019");

        // the embedded store holds every reading too: one row per field, electricity and gas
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("meterbridge.db"));
                ResultSet rs = c.createStatement().executeQuery("SELECT count(DISTINCT time), count(*) FROM sample WHERE field = 'power_import_w'")) {
            assertThat(rs.getInt(1)).isEqualTo(298);
            assertThat(rs.getInt(2)).isEqualTo(298);
        }

        String errors = String.join("\n", lines("telegram-errors-*.log"));
        assertThat(errors).contains("rejected", "corrected", "restored to", "no telegram start");
        // an entry for each telegram that was not simply valid, none for the 296 valid ones
        assertThat(lines("telegram-errors-*.log").stream().filter(l -> l.startsWith("=== "))).hasSize(5)
                .noneMatch(l -> l.contains(" valid "));

        // the same capture again (a rerun, a replayed log): not one row more in any readings file
        Main again = TestGateway.newMain();
        again.addOverrideProperty("files.directory", data.toString());
        again.addOverrideProperty("p1.uri", "replay:demo/p1-capture.log?shutdownWhenDone=true");
        again.run();
        assertThat(lines("readings-electricity-2024-10-27.csv")).isEqualTo(electricity);
        assertThat(lines("readings-gas-2024-10-27.csv")).isEqualTo(gas);
        assertThat(lines("readings-2024-10-27.jsonl")).isEqualTo(json);
    }

    /**
     * The shipped demo (p1.uri as in application.properties, only without the one-second pace): its times move to
     * now, so the store's maintenance keeps every reading, and a second start adds its own five minutes once.
     */
    @Test
    @Timeout(90)
    void theShippedDemoIsTodaysDataEveryTimeItStarts() throws Exception {
        assertThat(Shipped.property("p1.uri")).contains("shiftToNow=true", "delay=1000");
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        int total = 0;
        for (int run = 1; run <= 2; run++) {
            Instant runStart = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Main main = TestGateway.newMain();
            main.addOverrideProperty("files.directory", data.toString());
            main.addOverrideProperty("p1.uri", Shipped.demoAtOnce());
            main.start();
            try {
                // the capture is replayed at once here, so the second run's five minutes overlap the first's: the
                // meter times both runs share are written once
                // ... and the replay is over once the rows reach its end and stop growing (stopping sooner would cut it)
                List<String> rows = List.of();
                int before = -1;
                for (long until = System.nanoTime() + 30_000_000_000L;
                        System.nanoTime() < until && !(endsAfter(rows, runStart) && rows.size() == before);) {
                    before = rows.size();
                    Thread.sleep(1000);
                    rows = electricityRows();
                }
                Instant last = time(rows.get(rows.size() - 1));
                assertThat(last).isBetween(runStart.plusSeconds(290), runStart.plus(Duration.ofMinutes(6)));
                assertThat(time(rows.get(0))).isBetween(started, started.plusSeconds(10));
                // the README's example question, in words a user can type any day
                var energy = new io.meterbridge.testing.Http(TestGateway.url(main) + "/api")
                        .get("/meters/E0044007382246019/energy?from=yesterday&to=tomorrow&period=1h").json();
                assertThat(energy.get("total").asDouble()).isGreaterThan(0);
                main.getCamelContext().getRegistry().lookupByNameAndType("storeMaintenance", StoreMaintenance.class).run();
            } finally {
                main.stop();
            }
            // counted once the run is over: its last rows may land after the wait above saw its end
            List<String> rows = electricityRows();
            assertThat(rows).doesNotHaveDuplicates();
            assertThat(rows.size()).isBetween(298, 298 * run);
            if (run == 1) {
                assertThat(rows).hasSize(298);
            }
            total = rows.size();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("meterbridge.db"));
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*), min(time) FROM sample WHERE field = 'power_import_w'")) {
            assertThat(rs.getInt(1)).as("raw readings kept after maintenance").isEqualTo(total);
            assertThat(rs.getLong(2)).isGreaterThanOrEqualTo(started.toEpochMilli());
        }
    }

    /**
     * Ctrl-C on the shipped demo, paced at a telegram a second: the replay stops with the gateway instead of going
     * on through the rest of what it had read (it used to keep the shutdown waiting ten seconds, then write about
     * ten more telegrams).
     */
    @Test
    @Timeout(30)
    void theDemoStopsWhenAsked() throws Exception {
        Main main = TestGateway.newMain();
        main.addOverrideProperty("files.directory", data.toString());
        main.start();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> !electricityRows().isEmpty());
        } finally {
            main.stop();
        }
        assertThat(electricityRows()).hasSizeLessThanOrEqualTo(2);
        assertThat(main.getCamelContext().isStopped()).isTrue();
    }

    /**
     * The demo's capture begins with the tail of a telegram (cut where the capture started). The replay's pace is a
     * meter's, a pause after each telegram: none after that tail, so the first reading does not wait a pause.
     * Here the pause is a minute, which no wait below could sit out.
     */
    @Test
    @Timeout(30)
    void theFirstWholeTelegramIsNotHeldBackByTheCapturesLeadingTail() throws Exception {
        assertThat(Files.readString(Path.of("demo/p1-capture.log"), StandardCharsets.US_ASCII)).doesNotStartWith("/");
        Main main = TestGateway.newMain();
        main.addOverrideProperty("files.directory", data.toString());
        main.addOverrideProperty("p1.uri", Shipped.property("p1.uri").replace("delay=1000", "delay=60000"));
        main.start();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> !electricityRows().isEmpty());
            Thread.sleep(500);
            assertThat(electricityRows()).as("one telegram, then the pause").hasSize(1);
        } finally {
            main.stop();
        }
    }

    private static Instant time(String row) {
        return Instant.parse(row.substring(0, row.indexOf(',')));
    }

    /** Whether the rows reach the end of a run that started then (the capture spans 300 s, its last rows are valid). */
    private static boolean endsAfter(List<String> rows, Instant runStart) {
        return !rows.isEmpty() && time(rows.get(rows.size() - 1)).isAfter(runStart.plusSeconds(290));
    }

    private List<String> electricityRows() throws IOException {
        try (Stream<Path> files = Files.list(data)) {
            List<String> rows = new java.util.ArrayList<>();
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("readings-electricity-")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f);
                rows.addAll(lines.subList(1, lines.size()));
            }
            return rows;
        }
    }
}
