package io.meterbridge.meterman;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

import io.meterbridge.reading.PayloadRejectedException;
import io.meterbridge.testing.Hostile;
import io.meterbridge.testing.TestCorpus;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** meterman gateway lines damaged and made hostile: each gives readings or node health, or is rejected with a reason. */
class MetermanHostileInputTest {

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final MetermanDataFormat format = new MetermanDataFormat();

    MetermanHostileInputTest() {
        format.setNodes(new MeterNodes());
    }

    @Property(tries = 100_000)
    void everyLineIsReadOrRejectedWithAReason(@ForAll("lines") byte[] input) {
        Hostile.readOrRejected(input, PayloadRejectedException.class, () -> format.unmarshal(new DefaultExchange(camel), input));
    }

    @Provide
    Arbitrary<byte[]> lines() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        try (Stream<Path> files = Files.walk(TestCorpus.of("meterman"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.ISO_8859_1)) {
                    if (!line.isBlank()) {
                        seeds.add(line.getBytes(StandardCharsets.ISO_8859_1));
                    }
                }
            }
        }
        return Hostile.from(seeds);
    }
}
