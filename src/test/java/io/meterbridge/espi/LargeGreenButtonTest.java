package io.meterbridge.espi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.testing.GatewayProcess;
import io.meterbridge.testing.TestCorpus;

/**
 * A 200 MB Green Button file imported by a gateway limited to -Xmx64m, the Raspberry Pi setting: read one entry at a
 * time, every reading reaches the hub, and the JVM never runs out of memory. The file is a real PG&E day whose
 * IntervalBlock is repeated day after day.
 */
@Timeout(300)
class LargeGreenButtonTest {

    private static final long SIZE = 200L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void aTwoHundredMegabyteFileImportsUnder64Megabytes() throws Exception {
        String day = Files.readString(TestCorpus.of("espi", "pgesmd_self_access", "single_days", "2019-10-17.xml"));
        int blockStart = day.lastIndexOf("<ns1:entry", day.indexOf("IntervalBlock>"));
        int blockEnd = day.indexOf("</ns1:entry>", blockStart) + "</ns1:entry>".length();
        String block = day.substring(blockStart, blockEnd);
        int perBlock = count(block, "<ns0:IntervalReading>");
        assertThat(perBlock).isGreaterThan(0);
        Path imports = Files.createDirectories(dir.resolve("import"));
        Path staging = dir.resolve("staging.xml");
        long blocks = 0;
        try (BufferedWriter out = Files.newBufferedWriter(staging, StandardCharsets.UTF_8)) {
            out.write(day, 0, blockStart);
            long written = blockStart;
            while (written < SIZE) {
                String copy = shifted(block, 86_400L * blocks);
                out.write(copy);
                written += copy.length();
                blocks++;
            }
            out.write(day, blockEnd, day.length() - blockEnd);
        }
        assertThat(Files.size(staging)).isGreaterThan(SIZE);
        long expected = blocks * perBlock;

        try (GatewayProcess gateway = new GatewayProcess(dir.resolve("gateway"), Map.of(
                "camel.main.routes-include-pattern", "file:routes/*.camel.yaml,file:routes/examples/green-button-import.camel.yaml",
                "camel.main.routes-exclude-pattern", "file:routes/p1.camel.yaml",
                "espi.import-directory", imports.toString(),
                "hub.sinks", "direct:sink-log")).heap("64m").start()) {
            gateway.awaitHealth("\"status\":\"UP\"", 60);
            Files.move(staging, imports.resolve("year.xml")); // whole, as a user's copy would land
            long until = System.nanoTime() + 240_000_000_000L;
            while (System.nanoTime() < until && !Files.exists(imports.resolve(".done/year.xml"))) {
                assertThat(gateway.log()).doesNotContain("OutOfMemoryError");
                Thread.sleep(500);
            }
            assertThat(imports.resolve(".done/year.xml")).exists();
            String problems = String.join("\n", gateway.log().lines().filter(l -> l.contains("WARN") || l.contains("ERROR")).limit(5).toList());
            assertThat(gateway.metric("meterbridge_readings_total\\{source=\"green-button\"\\}")).as(problems).isEqualTo(expected);
            assertThat(gateway.log()).doesNotContain("OutOfMemoryError");
        }
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** The block with every interval start moved on by {@code seconds}. */
    private static String shifted(String block, long seconds) {
        Matcher m = Pattern.compile("<ns0:start>(\\d+)</ns0:start>").matcher(block);
        StringBuilder out = new StringBuilder(block.length() + 64);
        while (m.find()) {
            m.appendReplacement(out, "<ns0:start>" + (Long.parseLong(m.group(1)) + seconds) + "</ns0:start>");
        }
        m.appendTail(out);
        return out.toString();
    }
}
