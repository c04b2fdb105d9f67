package io.meterbridge.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.meterbridge.MeterbridgeMain;

/**
 * The gateway in a JVM of its own, as a user or a pod runs it, for tests that stop it the hard way ({@code kill -9})
 * or run several. Its settings are system properties; its output goes to {@code gateway.log} in its home.
 */
public final class GatewayProcess implements AutoCloseable {

    private final Path home;
    private final List<String> command;
    private final Map<String, String> environment = new java.util.HashMap<>();
    private final int managementPort;
    private final int serverPort;
    private Process process;

    /** @param settings system properties, e.g. p1.uri; files.directory defaults to home/data */
    public GatewayProcess(Path home, Map<String, String> settings) throws IOException {
        this.home = Files.createDirectories(home);
        this.managementPort = FreePort.next();
        this.serverPort = FreePort.next();
        command = JavaCommand.quick();
        command.addAll(List.of("-Xmx256m", "-Dcamel.management.port=" + managementPort,
                "-Dcamel.server.port=" + serverPort,
                // the shipped logging, not the tests' quieter log4j2-test.properties on the class path
                "-Dlog4j2.configurationFile=classpath:log4j2.properties",
                "-Dfiles.directory=" + home.resolve("data")));
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add(MeterbridgeMain.class.getName());
    }

    /** The JVM's heap limit, e.g. 64m as on a Raspberry Pi (256m unless set). */
    public GatewayProcess heap(String size) {
        command.replaceAll(a -> a.startsWith("-Xmx") ? "-Xmx" + size : a);
        return this;
    }

    /** An environment variable for the process, as a user's shell or a container would set it (secrets). */
    public GatewayProcess env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public GatewayProcess start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        process = builder.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("gateway.log").toFile()))
                .directory(new File(System.getProperty("user.dir"))).start();
        return this;
    }

    /** Waits until the health endpoint says {@code text}, e.g. a consumer UP. */
    public void awaitHealth(String text, long seconds) throws InterruptedException, IOException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new AssertionError("the gateway stopped: " + Files.readString(home.resolve("gateway.log")));
            }
            try {
                if (observe().get("/health?data=true").text().contains(text)) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the gateway's health never said " + text);
    }

    /** The HTTP server's base URL (the API below /api). */
    public String url() {
        return "http://127.0.0.1:" + serverPort;
    }

    public Http observe() {
        return new Http("http://127.0.0.1:" + managementPort + "/observe");
    }

    /** A counter or gauge of /observe/metrics, 0 when absent; {@code name} is a regular expression. */
    public double metric(String name) throws IOException, InterruptedException {
        Matcher m = Pattern.compile("(?m)^" + name + " ([0-9.eE+-]+)$").matcher(observe().get("/metrics").text());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** SIGKILL: no shutdown hook, no flush, as a power cut or the OOM killer would stop it. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Waits for the process to end by itself; its exit code. */
    public int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("the gateway was still running after " + seconds + " s");
        }
        return process.exitValue();
    }

    public Path home() {
        return home;
    }

    public String log() throws IOException {
        return Files.readString(home.resolve("gateway.log"));
    }

    /** A graceful stop, as Ctrl-C or Kubernetes would. */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
