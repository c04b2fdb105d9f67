package io.meterbridge.bench;

import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import io.meterbridge.dlms.DlmsFrameWriter;
import io.meterbridge.dlms.P1Decryptor;
import io.meterbridge.dsmr.Normaliser;
import io.meterbridge.dsmr.TelegramReader;
import io.meterbridge.dsmr.TelegramWriter;
import io.meterbridge.framing.Frame;

/**
 * Encrypted P1 (Luxembourg Smarty format): AES-128-GCM decryption with the tag verified, alone and followed by
 * the check, parse and normalisation of the telegram, for the JDK's and Bouncy Castle's GCM. The frames hold
 * the ~880-byte DSMR 5 telegrams of DsmrBenchmark (~910 bytes each). Results in docs/BENCHMARKS.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class DlmsBenchmark {

    private static final int COUNT = 256;
    private static final String KEY = "0123456789ABCDEF0123456789ABCDEF";

    @Param({ "jdk", "bouncycastle" })
    public String provider;

    private byte[][] frames;
    private int next;
    private P1Decryptor decryptor;
    private TelegramReader reader;

    @Setup
    public void setUp() throws Exception {
        DlmsFrameWriter writer = new DlmsFrameWriter(HexFormat.of().parseHex(KEY),
                HexFormat.of().parseHex(P1Decryptor.LUXEMBOURG_AUTHENTICATION_KEY), 1);
        TelegramWriter meter = new TelegramWriter(9);
        frames = new byte[COUNT][];
        for (int i = 0; i < COUNT; i++) {
            frames[i] = writer.next(meter.next(Instant.parse("2024-06-01T12:00:00Z").plusSeconds(i)));
        }
        decryptor = new P1Decryptor();
        decryptor.setSecretKey(KEY);
        decryptor.setProvider(provider);
        reader = new TelegramReader(TelegramWriter.ZONE, true, false);
    }

    private byte[] nextFrame() {
        next = (next + 1) & (COUNT - 1);
        return frames[next];
    }

    @Benchmark
    public byte[] decrypt() throws Exception {
        return decryptor.decrypt(nextFrame());
    }

    /** Decryption with the tag verified, then CRC check, parse and normalisation. */
    @Benchmark
    public void decryptCheckParseNormalise(Blackhole blackhole) throws Exception {
        byte[] plain = decryptor.decrypt(nextFrame());
        TelegramReader.Result result = reader.read(plain, Frame.Status.COMPLETE);
        blackhole.consume(Normaliser.toReadings(result.telegram(), null, Instant.EPOCH));
    }
}
