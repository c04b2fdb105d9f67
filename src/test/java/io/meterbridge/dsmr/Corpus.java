package io.meterbridge.dsmr;

import io.meterbridge.testing.TestCorpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;


/** The shared corpus of real telegrams (src/test/resources/corpus), when this checkout has it beside it. */
final class Corpus {

    static final Path DIR = TestCorpus.DIR;

    private Corpus() {
    }

    static byte[] read(String relative) throws IOException {
        Path file = DIR.resolve("dsmr").resolve(relative);
        return Files.readAllBytes(file);
    }
}
