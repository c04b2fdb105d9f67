package io.meterbridge.glow;

import java.util.ArrayList;
import java.util.List;

import io.meterbridge.reading.PayloadRejectedException;
import io.meterbridge.testing.Hostile;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
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

    /** The CAD's timestamps are read without the ISO parser; whatever the 20 characters, both agree. */
    @Property(tries = 20_000)
    void timestampsAreReadAsTheIsoParserReadsThem(@ForAll("timestamps") String timestamp) {
        java.time.Instant iso;
        try {
            iso = java.time.Instant.parse(timestamp);
            iso = iso.isBefore(java.time.Instant.parse("2000-01-01T00:00:00Z")) ? null : iso;
        } catch (java.time.format.DateTimeParseException e) {
            iso = null;
        }
        org.assertj.core.api.Assertions.assertThat(GlowDataFormat.validTime(timestamp)).as(timestamp).isEqualTo(iso);
    }

    @Provide
    Arbitrary<String> timestamps() {
        Arbitrary<String> valid = Arbitraries.longs().between(0, 4_102_444_800L).map(s -> java.time.Instant.ofEpochSecond(s).toString());
        // one character of a valid timestamp replaced: a digit out of range (month 13, hour 24, Feb 30), a letter, a sign
        Arbitrary<String> damaged = Combinators.combine(valid, Arbitraries.integers().between(0, 19), Arbitraries.of('0', '1', '2', '3', '9', 'x', '-', ':', '+', 'Z', ' '))
                .as((t, i, c) -> t.length() == 20 ? t.substring(0, i) + c + t.substring(i + 1) : t);
        return Arbitraries.oneOf(valid, damaged);
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
