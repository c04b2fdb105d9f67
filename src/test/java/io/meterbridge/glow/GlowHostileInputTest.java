package io.meterbridge.glow;

import java.util.ArrayList;
import java.util.List;

import io.meterbridge.reading.PayloadRejectedException;
import io.meterbridge.testing.Hostile;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Glow payloads (JSON and the legacy hex form) damaged and made hostile: read or rejected with a reason. */
class GlowHostileInputTest {

    private static final List<GlowCorpus.Payload> SEEDS = new ArrayList<>();
    private final GlowDataFormat format = new GlowDataFormat();

    static {
        try {
            SEEDS.addAll(GlowCorpus.load("data.json").values());
            SEEDS.addAll(GlowCorpus.load("local_data.json").values());
            SEEDS.addAll(GlowCorpus.load("meterbridge_from_the_standards", "payloads.json").values());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Property(tries = 100_000)
    void everyPayloadIsReadOrRejectedWithAReason(@ForAll("topics") String topic, @ForAll("payloads") byte[] input) {
        Hostile.readOrRejected(input, PayloadRejectedException.class, () -> format.read(topic, input));
    }

    @Provide
    Arbitrary<String> topics() {
        return Arbitraries.of(SEEDS.stream().map(GlowCorpus.Payload::topic).distinct().toList());
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        return Hostile.from(SEEDS.stream().map(GlowCorpus.Payload::bytes).toList());
    }
}
