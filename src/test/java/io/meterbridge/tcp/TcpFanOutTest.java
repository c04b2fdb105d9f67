package io.meterbridge.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.dsmr.TelegramWriter;
import io.meterbridge.testing.FreePort;
import io.meterbridge.testing.Readme;
import io.meterbridge.testing.TestGateway;

/**
 * The README's shared P1 port, as printed (only the port is the test's own): two clients connected to the fan-out
 * get every telegram byte for byte as the meter sent it, while the gateway itself reads them all.
 */
@Timeout(90)
class TcpFanOutTest {

    private static final Instant START = Instant.parse("2024-06-01T12:00:00Z");
    private static final int TELEGRAMS = 40;

    @TempDir
    Path dir;

    @Test
    void everyClientGetsEveryTelegramAsTheMeterSentIt() throws Exception {
        int port = FreePort.next();
        List<byte[]> telegrams = telegrams(TELEGRAMS, 3);
        Main main = gateway(port, telegrams, 100);
        Path data = dir.resolve("data");
        try (Socket a = connect(port); Socket b = connect(port)) {
            // each from the telegram it connected at to the last, byte for byte (the clients connect once the port is
            // served, while the first telegrams may already be on their way)
            for (Socket client : List.of(a, b)) {
                byte[] got = readUntilEndsWith(client.getInputStream(), telegrams.get(TELEGRAMS - 1));
                int from = TELEGRAMS - 1;
                ByteArrayOutputStream expected = new ByteArrayOutputStream();
                while (from > 0 && suffix(telegrams, from).length < got.length) {
                    from--;
                }
                expected.writeBytes(suffix(telegrams, from));
                assertThat(got).isEqualTo(expected.toByteArray());
                assertThat(TELEGRAMS - from).as("telegrams the client got").isGreaterThanOrEqualTo(TELEGRAMS - 10);
            }
            Path csv = data.resolve("readings-electricity-2024-06-01.csv");
            for (long until = System.nanoTime() + 10_000_000_000L; System.nanoTime() < until
                    && (!Files.exists(csv) || Files.readAllLines(csv).size() < 1 + TELEGRAMS);) {
                Thread.sleep(100);
            }
            assertThat(Files.readAllLines(csv)).hasSize(1 + TELEGRAMS);
        } finally {
            main.stop();
        }
    }

    private static List<byte[]> telegrams(int count, long seed) {
        TelegramWriter meter = new TelegramWriter(seed);
        List<byte[]> telegrams = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            telegrams.add(meter.next(START.plusSeconds(i)));
        }
        return telegrams;
    }

    /** The gateway with the README's recipe serving on {@code port}, replaying the telegrams {@code delay} ms apart. */
    private Main gateway(int port, List<byte[]> telegrams, int delay) throws Exception {
        String recipe = Readme.yamlBlock("# routes/p1-shared.camel.yaml, in place of routes/p1.camel.yaml");
        Path capture = Files.write(dir.resolve("meter.log"), suffix(telegrams, 0));
        Main main = TestGateway.withRoute(dir, "p1-shared.camel.yaml", recipe.replace("0.0.0.0:2323", "127.0.0.1:" + port));
        main.addOverrideProperty("p1.uri", "replay:" + capture + "?delay=" + delay);
        main.start();
        return main;
    }

    private static Socket connect(int port) throws Exception {
        for (int attempt = 0;; attempt++) {
            try {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                socket.setSoTimeout(20_000);
                return socket;
            } catch (java.net.ConnectException notYet) {
                if (attempt > 50) {
                    throw notYet;
                }
                Thread.sleep(100);
            }
        }
    }

    private static byte[] suffix(List<byte[]> telegrams, int from) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        telegrams.subList(from, telegrams.size()).forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static byte[] readUntilEndsWith(InputStream in, byte[] last) throws Exception {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!endsWith(got.toByteArray(), last)) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            got.write(buffer, 0, n);
        }
        return got.toByteArray();
    }

    private static boolean endsWith(byte[] bytes, byte[] end) {
        return bytes.length >= end.length
                && java.util.Arrays.equals(bytes, bytes.length - end.length, bytes.length, end, 0, end.length);
    }

    /** A client that connects and never reads is disconnected; the one that reads gets everything, the gateway too. */
    @Test
    void aClientThatDoesNotKeepUpIsDisconnectedAndSlowsNothing() throws Exception {
        int port = FreePort.next();
        int count = 600;
        List<byte[]> telegrams = telegrams(count, 4);
        int total = telegrams.stream().mapToInt(t -> t.length).sum();
        // a telegram every 5 ms: far faster than a meter, and the stuck client's queue fills within a second or two
        Main main = gateway(port, telegrams, 5);
        Path data = dir.resolve("data");
        try (Socket stuck = new Socket(); Socket reader = connect(port)) {
            stuck.setReceiveBufferSize(4096);
            stuck.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            byte[] got = readUntilEndsWith(reader.getInputStream(), telegrams.get(count - 1));
            assertThat(got.length).as("the reading client got the stream to its end").isGreaterThan(total / 2);
            // the stuck client was let go: its connection ends once what was in flight is read
            stuck.setSoTimeout(20_000);
            InputStream in = stuck.getInputStream();
            byte[] buffer = new byte[65536];
            long received = 0;
            for (int n; (n = in.read(buffer)) >= 0;) {
                received += n;
            }
            assertThat(received).as("what the stuck client had in flight").isLessThan(total);
            Path csv = data.resolve("readings-electricity-2024-06-01.csv");
            for (long until = System.nanoTime() + 20_000_000_000L; System.nanoTime() < until
                    && (!Files.exists(csv) || Files.readAllLines(csv).size() < 1 + count);) {
                Thread.sleep(100);
            }
            assertThat(Files.readAllLines(csv)).hasSize(1 + count);
        } finally {
            main.stop();
        }
    }
}
