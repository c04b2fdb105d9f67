package io.meterbridge.dsmr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/** The shared corpus of real telegrams (../shared/corpus), when this checkout has it beside it. */
final class Corpus {

    static final Path DIR = Path.of(System.getProperty("meterbridge.corpus", "../shared/corpus"));

    private Corpus() {
    }

    static byte[] read(String relative) throws IOException {
        Path file = DIR.resolve("dsmr").resolve(relative);
        Assumptions.assumeTrue(Files.exists(file), "corpus not present: " + file);
        return Files.readAllBytes(file);
    }
}
