package io.meterbridge.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A real, small filesystem (tmpfs) mounted for one test, to fill up: a full disk as the kernel reports it (ENOSPC),
 * not a mock. Mounting needs root, as CI runs; elsewhere the test is skipped with a message, and in CI
 * (CI=true) a failed mount fails it.
 */
public final class FullDisk implements AutoCloseable {

    private final Path mountPoint;

    private FullDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    public static FullDisk mount(Path mountPoint, int kib) throws IOException, InterruptedException {
        Files.createDirectories(mountPoint);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + kib + "k", "tmpfs", mountPoint.toString())
                .redirectErrorStream(true).start();
        boolean done = mount.waitFor(10, TimeUnit.SECONDS);
        String output = new String(mount.getInputStream().readAllBytes());
        if (!done || mount.exitValue() != 0) {
            String why = "cannot mount a small tmpfs to fill (needs root): " + output.strip();
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(why);
            }
            Assumptions.assumeTrue(false, why + ": full-disk test skipped");
        }
        return new FullDisk(mountPoint);
    }

    /** Fills what is left with a file, so the next write fails with "No space left on device". */
    public Path fill() throws IOException {
        Path filler = mountPoint.resolve("filler");
        byte[] block = new byte[1024];
        try (var out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            return filler;
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("umount", "-l", mountPoint.toString()).start().waitFor(10, TimeUnit.SECONDS);
    }
}
