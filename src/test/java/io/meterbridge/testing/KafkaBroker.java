package io.meterbridge.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker in KRaft mode (broker and controller in one, no ZooKeeper), in a JVM of its own from the Kafka
 * jars on the tests' class path, on free loopback ports: what a fleet's central gateways consume from. Its log is
 * kafka.log in its directory.
 */
public final class KafkaBroker implements AutoCloseable {

    private final Path dir;
    private final int port;
    private Process process;

    private KafkaBroker(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Stops the broker (as a crash or an upgrade would), keeping its data and its port for {@link #restart()}. */
    public void stop() throws InterruptedException {
        close();
        process = null;
    }

    /** Starts the stopped broker again on the same port, with its data. */
    public void restart() throws IOException, InterruptedException {
        run(List.of("kafka.Kafka", dir.resolve("server.properties").toString()), false);
        awaitAnswer();
    }

    /** A formatted, started broker whose topics are made on first use with {@code partitions} partitions. */
    public static KafkaBroker start(Path dir, int partitions) throws IOException, InterruptedException {
        KafkaBroker broker = new KafkaBroker(dir, FreePort.next());
        int controller = FreePort.next();
        Path config = dir.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller", "node.id=1", "controller.quorum.voters=1@127.0.0.1:" + controller,
                "listeners=PLAINTEXT://127.0.0.1:" + broker.port + ",CONTROLLER://127.0.0.1:" + controller,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + broker.port, "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT", "log.dirs=" + dir.resolve("logs"),
                "num.partitions=" + partitions, "offsets.topic.replication.factor=1", "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0", "auto.create.topics.enable=true", "log.flush.interval.messages=1", ""));
        broker.run(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()), true);
        broker.run(List.of("kafka.Kafka", config.toString()), false);
        broker.awaitAnswer();
        return broker;
    }

    private void awaitAnswer() throws IOException, InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!answers()) {
            if (System.nanoTime() > until || !process.isAlive()) {
                throw new IOException("kafka did not start: " + Files.readString(dir.resolve("kafka.log")));
            }
            Thread.sleep(200);
        }
    }

    private void run(List<String> main, boolean wait) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "-Dlog4j2.configurationFile=classpath:log4j2.properties"));
        command.addAll(main);
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("kafka.log").toFile())).directory(new File(dir.toString())).start();
        if (wait) {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("kafka storage format failed: " + Files.readString(dir.resolve("kafka.log")));
            }
        } else {
            process = p;
        }
    }

    /** The broker's port is open and it answers a client with itself as the cluster's one node. */
    private boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        } catch (IOException e) {
            return false;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000))) {
            return admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size() == 1;
        } catch (Exception notYet) {
            return false;
        }
    }

    /** A producer of string records, as an edge gateway or a load generator sends (lz4, acknowledged by the broker). */
    public KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(p);
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
