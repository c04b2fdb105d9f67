package io.meterbridge.emu2;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.meterbridge.reading.PayloadRejectedException;
import io.meterbridge.testing.Hostile;
import io.meterbridge.testing.TestCorpus;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** EMU-2 XML fragments clobbered and made hostile: each gives its readings or is rejected with a reason. */
class Emu2HostileInputTest {

    private final Emu2DataFormat format = new Emu2DataFormat();

    @Property(tries = 100_000)
    void everyFragmentIsReadOrRejectedWithAReason(@ForAll("fragments") byte[] input) {
        Hostile.readOrRejected(input, PayloadRejectedException.class, () -> format.readings(FragmentReader.read(input), Instant.EPOCH));
    }

    @Provide
    Arbitrary<byte[]> fragments() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        try (Stream<Path> files = Files.walk(TestCorpus.of("emu2"))) {
            for (Path f : files.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".md")).sorted().toList()) {
                byte[] bytes = Files.readAllBytes(f);
                Emu2Framer framer = new Emu2Framer(16384);
                framer.feed(bytes, 0, bytes.length, fragment -> seeds.add(fragment.bytes()));
            }
        }
        return Hostile.from(seeds);
    }
}
