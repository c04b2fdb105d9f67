package io.meterbridge.dsmr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

import io.meterbridge.framing.FramingConstants;
import io.meterbridge.framing.Frame;
import io.meterbridge.testing.Hostile;
import io.meterbridge.testing.TestCorpus;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** DSMR telegrams damaged and made hostile: each is read (valid, corrected) or rejected with a reason, nothing else. */
class DsmrHostileInputTest {

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final DsmrDataFormat format = new DsmrDataFormat();

    DsmrHostileInputTest() {
        format.start();
    }

    @Property(tries = 100_000)
    void everyTelegramIsReadOrRejectedWithAReason(@ForAll("telegrams") byte[] input, @ForAll Frame.Status status) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader(FramingConstants.FRAME_STATUS, status);
        Hostile.readOrRejected(input, TelegramRejectedException.class, () -> format.unmarshal(exchange, input));
    }

    @Provide
    Arbitrary<byte[]> telegrams() throws Exception {
        List<byte[]> seeds = new ArrayList<>(frames(Files.readAllBytes(Path.of("demo", "p1-capture.log"))).subList(0, 20));
        try (Stream<Path> files = Files.walk(TestCorpus.of("dsmr"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                seeds.addAll(frames(Files.readAllBytes(f)));
            }
        }
        return Hostile.from(seeds);
    }

    static List<byte[]> frames(byte[] capture) throws Exception {
        List<byte[]> out = new ArrayList<>();
        DsmrFramer framer = new DsmrFramer(16384);
        framer.feed(capture, 0, capture.length, f -> out.add(f.bytes()));
        framer.finish(f -> out.add(f.bytes()));
        return out;
    }
}
