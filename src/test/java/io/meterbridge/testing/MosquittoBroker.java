package io.meterbridge.testing;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A real Mosquitto broker on a free loopback port with its files in a test directory. It keeps sessions and
 * queued messages across {@link #stop()} and {@link #restart()}, as a broker that is restarted does. Missing
 * locally, the test is skipped with what to install; in CI (CI=true) a missing broker fails it.
 */
public final class MosquittoBroker implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/mosquitto");
    private static final Path SUBSCRIBER = Path.of("/usr/bin/mosquitto_sub");

    private final Path dir;
    private final int port;
    private Process process;
    private String scheme = "tcp";

    private MosquittoBroker(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static MosquittoBroker start(Path dir) throws IOException, InterruptedException {
        return start(dir, "allow_anonymous true");
    }

    /** A broker that lets in only {@code user} with {@code password} (a password file, as a secured broker has). */
    public static MosquittoBroker withLogin(Path dir, String user, String password) throws IOException, InterruptedException {
        require(BINARY, "mosquitto");
        Path passwords = dir.resolve("passwords");
        Files.writeString(passwords, "");
        Process p = new ProcessBuilder("mosquitto_passwd", "-b", passwords.toString(), user, password).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("mosquitto_passwd failed: " + new String(p.getInputStream().readAllBytes()));
        }
        return start(dir, "allow_anonymous false\npassword_file " + passwords);
    }

    /** A broker that speaks only TLS (ssl://), with a certificate and key its own CA issued (PEM files). */
    public static MosquittoBroker withTls(Path dir, Path ca, Path certificate, Path key) throws IOException, InterruptedException {
        MosquittoBroker broker = start(dir, "allow_anonymous true\ncafile " + ca + "\ncertfile " + certificate + "\nkeyfile " + key);
        broker.scheme = "ssl";
        return broker;
    }

    private static MosquittoBroker start(Path dir, String access) throws IOException, InterruptedException {
        require(BINARY, "mosquitto");
        int port = FreePort.next();
        Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                "listener " + port + " 127.0.0.1",
                access,
                // started as root (CI), mosquitto would drop to its own user, which cannot read the test's private folder
                "user root",
                "persistence true",
                "persistence_location " + dir + "/",
                // the default in-flight limit of 20 makes Paho fail under load (DESIGN.md)
                "max_inflight_messages 0",
                // beyond its in-flight window a client's QoS 1 messages queue, and Mosquitto drops what exceeds 1000
                // by default: a replica that falls behind in a burst would silently lose telegrams (docs/OPERATIONS.md)
                "max_queued_messages 1000000",
                "set_tcp_nodelay true",
                "log_dest file " + dir.resolve("mosquitto.log"), ""));
        MosquittoBroker broker = new MosquittoBroker(dir, port);
        broker.restart();
        return broker;
    }

    private static void require(Path binary, String debianPackage) {
        if (!Files.isExecutable(binary)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(binary + " is missing: install it (apt-get install " + debianPackage + ")");
            }
            Assumptions.assumeTrue(false, binary + " not installed (apt-get install " + debianPackage + "): test skipped");
        }
    }

    /** Starts the broker (again) on the same port, with what it saved when it stopped. */
    public void restart() throws IOException, InterruptedException {
        process = new ProcessBuilder(BINARY.toString(), "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.out").toFile())).start();
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > until || !process.isAlive()) {
                    process.destroy();
                    throw new IOException("mosquitto did not start: " + Files.readString(dir.resolve("mosquitto.out")));
                }
                Thread.sleep(50);
            }
        }
    }

    /** Stops the broker gracefully: it saves sessions and queued messages. */
    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    /**
     * Starts mosquitto_sub on the given topics, writing "topic payload" lines to {@code out}, so a test reads back
     * what a real client received.
     */
    public Process subscribe(Path out, String... topics) throws IOException {
        return subscribe(out, false, topics);
    }

    /** With {@code persistent}, a fixed client id and no clean start: the broker queues what it misses while away. */
    public Process subscribe(Path out, boolean persistent, String... topics) throws IOException {
        require(SUBSCRIBER, "mosquitto-clients");
        List<String> command = new ArrayList<>(List.of(SUBSCRIBER.toString(), "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-q", "1", "-v", "-i", persistent ? "test-sub-persistent" : "test-sub-" + System.nanoTime()));
        if (persistent) {
            command.add("-c");
        }
        for (String topic : topics) {
            command.add("-t");
            command.add(topic);
        }
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    public String url() {
        return scheme + "://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
