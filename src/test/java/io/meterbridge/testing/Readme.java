package io.meterbridge.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The README's YAML blocks, for tests that run a route exactly as the README prints it. */
public final class Readme {

    private Readme() {
    }

    /** The YAML block whose first line is {@code header} (e.g. {@code # routes/eagle.camel.yaml}), without that line. */
    public static String yamlBlock(String header) throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String start = "```yaml\n" + header + "\n";
        int at = readme.indexOf(start);
        if (at < 0) {
            throw new AssertionError("README.md has no yaml block starting with " + header);
        }
        int body = at + start.length();
        return readme.substring(body, readme.indexOf("```", body));
    }
}
