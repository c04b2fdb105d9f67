package io.meterbridge.testing;

import java.nio.file.Path;

/**
 * The corpus of real telegrams, frames and payloads from public test suites, kept in this repository
 * (src/test/resources/corpus, each folder's MANIFEST.md gives the source and licence). A missing file fails its
 * test: a clone has everything the tests read.
 */
public final class TestCorpus {

    public static final Path DIR = Path.of("src", "test", "resources", "corpus");

    private TestCorpus() {
    }

    /** A folder or file of the corpus, e.g. {@code of("dsmr")}. */
    public static Path of(String first, String... more) {
        return DIR.resolve(Path.of(first, more));
    }
}
