package io.meterbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.testing.TestCorpus;

/**
 * The corpus conformance report: every sample of src/test/resources/corpus with values its source's tests or
 * documentation give decodes with them, the suite failing below 100%; and the report names a sample that stops doing
 * so and what it gave instead.
 */
class ConformanceTest {

    @TempDir
    Path dir;

    @Test
    void everySampleOfTheCorpusDecodesWithTheValuesItsSourceExpects() throws Exception {
        Result r = run(TestCorpus.DIR);
        assertThat(r.exit()).as(r.out()).isZero();
        List<String> folders = r.out().lines().skip(1).toList();
        assertThat(folders).as("a line per corpus folder, then the total").hasSizeGreaterThanOrEqualTo(14)
                .allSatisfy(line -> assertThat(line).endsWith(" 100%"));
        assertThat(r.out()).contains("dsmr/dsmr_parser", "espi/pgesmd_self_access", "glow/meterbridge_from_the_standards", "emu2/cottsay_aioraven");
        assertThat(Integer.parseInt(folders.get(folders.size() - 1).trim().split("\\s+")[1])).as("samples checked").isGreaterThanOrEqualTo(95);
        for (String doc : new String[] { "docs/DSMR.md", "docs/FIELDS.md" }) {
            assertThat(Files.readString(Path.of(doc))).as(doc + " shows the report as it is").contains(r.out());
        }
    }

    @Test
    void aSampleThatNoLongerGivesItsValuesIsNamedWithWhatItGave() throws Exception {
        Path kaifa = Files.createDirectories(dir.resolve("dsmr/dsmr_parser"));
        Files.copy(TestCorpus.DIR.resolve("dsmr/dsmr_parser/v4_2_kaifa.txt"), kaifa.resolve("v4_2_kaifa.txt"));
        Files.writeString(kaifa.resolve("expected.jsonl"), "{\"sample\": \"v4_2_kaifa.txt\", \"validity\": \"valid\", \"readings\": "
                + "[{\"measurement\": \"electricity\", \"fields\": {\"energy_import_t1_kwh\": 1581.124}}]}\n"
                + "{\"sample\": \"v4_2_kaifa.txt\", \"validity\": \"rejected\"}\n");
        Result r = run(dir);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("dsmr/dsmr_parser", "2       0   0%")
                .contains("v4_2_kaifa.txt: no reading with {\"measurement\":\"electricity\",\"fields\":{\"energy_import_t1_kwh\":1581.124}}; "
                        + "decoded energy_import_t1_kwh=1581.123")
                .contains("v4_2_kaifa.txt: validity valid, expected rejected");
    }

    @Test
    void aDirectoryWithoutExpectedValuesIsAnErrorNotAPass() throws Exception {
        Result r = run(dir);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("no expected.jsonl below");
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(Path corpus) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ConformanceCommand.run(new String[] { "conformance", corpus.toString() }, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
