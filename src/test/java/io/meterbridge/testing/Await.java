package io.meterbridge.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Waiting for what a running gateway writes, without a fixed sleep. */
public final class Await {

    private Await() {
    }

    /** The file's lines once it has {@code count} of them, or whatever it has when the time is up. */
    public static List<String> lines(Path file, int count, Duration timeout) throws IOException, InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (!(Files.exists(file) && Files.readAllLines(file).size() >= count) && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    /** The first file in {@code dir} whose name starts with {@code prefix} (a daily file named by today's date). */
    public static Path file(Path dir, String prefix, Duration timeout) throws IOException, InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (var files = Files.list(dir)) {
                var found = files.filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst();
                if (found.isPresent() || System.nanoTime() > until) {
                    return found.orElseThrow(() -> new AssertionError("no file " + prefix + "* in " + dir + " after " + timeout));
                }
            }
            Thread.sleep(100);
        }
    }
}
