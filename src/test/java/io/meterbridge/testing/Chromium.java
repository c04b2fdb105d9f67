package io.meterbridge.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium (Debian's chromium package) loading a page as a user's browser does: scripts run, the API is
 * called, the page is read back as the DOM after it settled, or saved as a screenshot.
 */
public final class Chromium {

    private static final Path BINARY = Path.of("/usr/bin/chromium");

    private final Path profile;
    private final String timeZone;

    public Chromium(Path profile, String timeZone) {
        this.profile = profile;
        this.timeZone = timeZone;
    }

    /** Skips the test locally when Chromium is missing; in CI (CI=true) a missing Chromium fails it. */
    public static void require() {
        boolean present = Files.isExecutable(BINARY);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("chromium is missing: install it (apt-get install chromium)");
        }
        Assumptions.assumeTrue(present, "chromium not installed (apt-get install chromium): dashboard tests skipped");
    }

    /** The page's DOM once its scripts ran (up to {@code budgetMs} of the page's own time). */
    public String dom(String url, int budgetMs) throws IOException, InterruptedException {
        return run(url, budgetMs, "--dump-dom");
    }

    public void screenshot(String url, int budgetMs, Path png) throws IOException, InterruptedException {
        run(url, budgetMs, "--screenshot=" + png.toAbsolutePath(), "--window-size=1280,1400");
    }

    private String run(String url, int budgetMs, String... what) throws IOException, InterruptedException {
        // the flags keep Chromium off the network it would otherwise try to reach (updates, sync, Google's hosts)
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=" + budgetMs));
        command.addAll(List.of(what));
        command.add(url);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("TZ", timeZone);
        Process p = builder.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("chromium did not finish within 60 s");
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
