package io.meterbridge.bench;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import io.meterbridge.dsmr.Crc16Arc;
import io.meterbridge.dsmr.DsmrFramer;
import io.meterbridge.dsmr.Normaliser;
import io.meterbridge.dsmr.Telegram;
import io.meterbridge.dsmr.TelegramParser;
import io.meterbridge.dsmr.TelegramReader;
import io.meterbridge.dsmr.TelegramWriter;
import io.meterbridge.reading.Reading;

/**
 * What one core does with realistic DSMR 5 telegrams (~880 bytes, three phases, a gas meter): the CRC alone,
 * parsing, and the whole path a telegram takes before the hub (framing, CRC, parse, normalise).
 * Run with {@code ./mvnw -Pbench verify}; results and method in docs/BENCHMARKS.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class DsmrBenchmark {

    private static final int COUNT = 256;

    private byte[][] telegrams;
    /** The same telegrams as one stream, as a port delivers them. */
    private byte[] stream;
    private int next;
    private final TelegramParser parser = new TelegramParser(TelegramWriter.ZONE);
    private TelegramReader reader;
    private DsmrFramer framer;

    @Setup
    public void setUp() {
        TelegramWriter writer = new TelegramWriter(9);
        telegrams = new byte[COUNT][];
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < COUNT; i++) {
            telegrams[i] = writer.next(Instant.parse("2024-06-01T12:00:00Z").plusSeconds(i));
            out.writeBytes(telegrams[i]);
        }
        stream = out.toByteArray();
        reader = new TelegramReader(TelegramWriter.ZONE, true, false);
        framer = new DsmrFramer(16384);
    }

    private byte[] nextTelegram() {
        next = (next + 1) & (COUNT - 1);
        return telegrams[next];
    }

    @Benchmark
    public int crc() {
        byte[] t = nextTelegram();
        return Crc16Arc.compute(t, 0, t.length);
    }

    @Benchmark
    public Telegram parse() {
        return parser.parse(nextTelegram());
    }

    /** Framing, CRC check, parse and normalisation of one telegram: everything before the hub. */
    @Benchmark
    public void frameCheckParseNormalise(Blackhole blackhole) throws Exception {
        byte[] t = nextTelegram();
        framer.feed(t, 0, t.length, frame -> {
            TelegramReader.Result result = reader.read(frame.bytes(), frame.status());
            List<Reading> readings = Normaliser.toReadings(result.telegram(), null, Instant.EPOCH);
            blackhole.consume(readings);
        });
    }
}
