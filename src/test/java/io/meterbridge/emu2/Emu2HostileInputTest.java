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
import net.jqwik.api.Example;
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

    /** The EAGLE-200's local API answers, mangled: readings, nothing, or a one-line reason (the route says it once). */
    @Property(tries = 20_000)
    void everyEagle200AnswerIsReadOrRejectedWithAReason(@ForAll("eagle200Answers") byte[] input) {
        EagleLocalApi api = new EagleLocalApi();
        org.apache.camel.Exchange exchange = new org.apache.camel.support.DefaultExchange(new org.apache.camel.impl.DefaultCamelContext());
        Hostile.readOrRejected(input, IllegalArgumentException.class,
                () -> api.answer("eagle", new String(input, java.nio.charset.StandardCharsets.UTF_8), exchange));
    }

    /** A control character in a DTD: the JDK's XML reader throws MissingResourceException (its message is missing). */
    @Example
    void aDtdTheJdkCannotDescribeIsRejectedWithAReason() {
        byte[] input = "<!DOCTYPE x [<\u0001!ENTITY a SYSTEM \"file:///etc/passwd\">]>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        EagleLocalApi api = new EagleLocalApi();
        org.apache.camel.Exchange exchange = new org.apache.camel.support.DefaultExchange(new org.apache.camel.impl.DefaultCamelContext());
        Hostile.readOrRejected(input, IllegalArgumentException.class,
                () -> api.answer("eagle", new String(input, java.nio.charset.StandardCharsets.UTF_8), exchange));
    }

    @Provide
    Arbitrary<byte[]> eagle200Answers() {
        return Hostile.from(List.of(Eagle200SourceTest.DEVICE_LIST.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Eagle200SourceTest.QUERY.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
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
