package io.meterbridge.serial;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A serial line made of two pseudo-terminals joined by socat: the gateway opens {@link #port()} like a USB
 * adapter, the test writes to {@link #meter()} like a meter. Stopping socat is unplugging the cable.
 */
public final class SocatPair implements AutoCloseable {

    private final Path dir;
    private Process socat;

    public SocatPair(Path dir) {
        this.dir = dir;
    }

    /** Skips the test locally when socat is missing; in CI (CI=true) a missing socat fails it. */
    public static void requireSocat() {
        boolean present = Files.isExecutable(Path.of("/usr/bin/socat")) || Files.isExecutable(Path.of("/usr/local/bin/socat"));
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("socat is missing: install it (apt-get install socat)");
        }
        Assumptions.assumeTrue(present, "socat not installed (apt-get install socat): serial tests skipped");
    }

    public Path port() {
        return dir.resolve("ttyGateway");
    }

    public Path meter() {
        return dir.resolve("ttyMeter");
    }

    public void plugIn() throws IOException, InterruptedException {
        socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + meter(), "pty,raw,echo=0,link=" + port())
                .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(Files.exists(port()) && Files.exists(meter()))) {
            if (System.nanoTime() > until || !socat.isAlive()) {
                throw new IOException("socat did not create its ports: " + Files.readString(dir.resolve("socat.log")));
            }
            Thread.sleep(20);
        }
    }

    void unplug() throws InterruptedException {
        if (socat != null) {
            socat.destroy();
            socat.waitFor(5, TimeUnit.SECONDS);
            socat = null;
        }
    }

    public void send(byte[] bytes) throws IOException {
        try (OutputStream out = Files.newOutputStream(meter())) {
            out.write(bytes);
            out.flush();
        }
    }

    @Override
    public void close() throws InterruptedException {
        unplug();
    }
}
