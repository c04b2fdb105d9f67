package io.meterbridge.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A real Mosquitto broker on a free loopback port with its files in a test directory. Missing locally, the test
 * is skipped with what to install; in CI (CI=true) a missing broker fails it.
 */
public final class MosquittoBroker implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Process process;
    private final int port;

    private MosquittoBroker(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static MosquittoBroker start(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("mosquitto is missing: install it (apt-get install mosquitto)");
            }
            Assumptions.assumeTrue(false, "mosquitto not installed (apt-get install mosquitto): MQTT tests skipped");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path config = dir.resolve("mosquitto.conf");
        Files.writeString(config, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence false",
                // the default in-flight limit of 20 makes Paho fail under load (DESIGN.md)
                "max_inflight_messages 0",
                "set_tcp_nodelay true",
                "log_dest file " + dir.resolve("mosquitto.log"), ""));
        Process process = new ProcessBuilder(BINARY.toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.out").toFile()).start();
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return new MosquittoBroker(process, port);
            } catch (IOException notYet) {
                if (System.nanoTime() > until || !process.isAlive()) {
                    process.destroy();
                    throw new IOException("mosquitto did not start: " + Files.readString(dir.resolve("mosquitto.out")));
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * Starts mosquitto_sub on the given topics, writing "topic payload" lines to {@code out}, so a test reads back
     * what a real client received.
     */
    public Process subscribe(java.nio.file.Path out, String... topics) throws IOException {
        Path client = Path.of("/usr/bin/mosquitto_sub");
        if (!Files.isExecutable(client)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("mosquitto_sub is missing: install mosquitto-clients");
            }
            Assumptions.assumeTrue(false, "mosquitto_sub not installed (apt-get install mosquitto-clients): test skipped");
        }
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(client.toString(), "-h", "127.0.0.1",
                "-p", Integer.toString(port), "-q", "1", "-v", "-i", "test-sub-" + System.nanoTime()));
        for (String topic : topics) {
            command.add("-t");
            command.add(topic);
        }
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}
