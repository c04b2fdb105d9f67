package io.meterbridge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.meterbridge.testing.GatewayProcess;
import io.meterbridge.testing.InfluxServer;
import io.meterbridge.testing.KafkaBroker;

/**
 * A fleet's day in a minute: many simulated meters (10,000 unless given), each sending one reading a second as an edge
 * gateway would, through a real Kafka broker to central gateways (3 unless given) writing to InfluxDB; each central
 * gateway is killed (-9) in turn and started again with its data directory. Prints the throughput, the end-to-end
 * latency percentiles (a meter's reading time to the moment InfluxDB answers with it) and what was lost or stored twice.
 * Arguments: meters, seconds, gateways. bench/kafka-fleet runs it.
 */
public final class KafkaFleetBench {

    private KafkaFleetBench() {
    }

    public static void main(String[] args) throws Exception {
        int meters = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int gateways = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path dir = Files.createTempDirectory("kafka-fleet");
        int partitions = gateways * 4;
        try (KafkaBroker kafka = KafkaBroker.start(Files.createDirectory(dir.resolve("kafka")), partitions);
                InfluxServer influx = new InfluxServer(Files.createDirectory(dir.resolve("influx")))) {
            influx.start();
            influx.query("fleet", "CREATE DATABASE fleet");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
                admin.createTopics(List.of(new NewTopic("meterbridge.readings", partitions, (short) 1))).all().get();
            }
            Path routes = Files.createDirectory(dir.resolve("routes"));
            Files.writeString(routes.resolve("kafka-central.camel.yaml"), io.meterbridge.testing.Readme.yamlBlock("# routes/kafka-central.camel.yaml"));
            Map<String, String> central = new HashMap<>(Map.of("kafka.brokers", kafka.bootstrap(), "hub.sinks", "direct:sink-influxdb",
                    "influxdb.url", influx.url(), "influxdb.database", "fleet", "influxdb.batch-size", "5000",
                    "camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml", "kafka.session-timeout", "6000",
                    "camel.server.enabled", "false", "observe.expected", ""));
            List<GatewayProcess> running = new ArrayList<>();
            for (int g = 0; g < gateways; g++) {
                running.add(new GatewayProcess(dir.resolve("central-" + g), central).heap("256m").start());
            }
            for (GatewayProcess p : running) {
                p.awaitHealth("kafka-central", 120);
            }
            List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
            long produced = 0;
            double redelivered = 0;
            long begin = System.nanoTime();
            try (KafkaProducer<String, String> edges = kafka.producer()) {
                Thread probe = new Thread(() -> probe(influx, latencies));
                probe.setDaemon(true);
                probe.start();
                for (int s = 0; s < seconds; s++) {
                    long second = System.currentTimeMillis();
                    String time = Instant.ofEpochMilli(second - second % 1000).toString();
                    for (int m = 0; m < meters; m++) {
                        edges.send(new ProducerRecord<>("meterbridge.readings", "m" + m, "{\"time\":\"" + time
                                + "\",\"measurement\":\"electricity\",\"tags\":{\"meter\":\"m" + m + "\",\"source\":\"dsmr\"},\"fields\":{\"power_import_w\":"
                                + (s * 10 + m % 7) + ".0,\"energy_import_kwh\":" + (1000 + s) + ".5}}"));
                        produced++;
                    }
                    // each central gateway killed in turn, and back 5 s later with its volume
                    int victim = (s - 10) / 15;
                    if (s >= 10 && (s - 10) % 15 == 0 && victim < gateways) {
                        redelivered += running.get(victim).metric("meterbridge_sink_readings_total\\{outcome=\"delivered\",sink=\"influxdb\"\\}");
                        running.get(victim).kill9();
                        System.out.printf("second %d: central gateway %d killed%n", s, victim);
                    }
                    if (s >= 15 && (s - 15) % 15 == 0 && (s - 15) / 15 < gateways) {
                        int back = (s - 15) / 15;
                        running.set(back, new GatewayProcess(dir.resolve("central-" + back), central).heap("256m").start());
                        System.out.printf("second %d: central gateway %d started again%n", s, back);
                    }
                    long sleep = 1000 - (System.currentTimeMillis() - second);
                    if (sleep > 0) {
                        Thread.sleep(sleep);
                    }
                }
            }
            long expected = (long) meters * seconds;
            long stored = 0;
            long until = System.nanoTime() + 300_000_000_000L;
            while (System.nanoTime() < until && (stored = influx.count("fleet", "SELECT count(power_import_w) FROM electricity")) < expected) {
                Thread.sleep(1000);
            }
            double elapsed = (System.nanoTime() - begin) / 1e9;
            for (GatewayProcess p : running) {
                redelivered += p.metric("meterbridge_sink_readings_total\\{outcome=\"delivered\",sink=\"influxdb\"\\}");
            }
            List<Double> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf("%d meters x %d s = %d readings through Kafka (%d partitions) to %d central gateways, each killed -9 once%n",
                    meters, seconds, expected, partitions, gateways);
            System.out.printf("stored in InfluxDB: %d (lost: %d); all stored %.1f s after the first was sent: %.0f readings/s, %.0f per gateway%n",
                    stored, expected - stored, elapsed, stored / elapsed, stored / elapsed / gateways);
            System.out.printf("end-to-end latency p50 %.1f s, p95 %.1f s, p99 %.1f s, max %.1f s (%d samples)%n", pct(sorted, 50), pct(sorted, 95),
                    pct(sorted, 99), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1), sorted.size());
            System.out.printf("written more than once (read again after a kill; InfluxDB keeps one point per series and time): at least %.0f%n",
                    Math.max(0, redelivered - stored));
            for (GatewayProcess p : running) {
                p.close();
            }
        }
    }

    /** Every 250 ms: how old the newest reading of meter m0 in InfluxDB is. */
    private static void probe(InfluxServer influx, List<Double> latencies) {
        while (true) {
            try {
                var series = influx.query("fleet", "SELECT last(power_import_w) FROM electricity WHERE meter = 'm0'").at("/results/0/series/0/values/0/0");
                if (!series.isMissingNode()) {
                    latencies.add((System.currentTimeMillis() - Instant.parse(series.asText()).toEpochMilli()) / 1000.0);
                }
                Thread.sleep(250);
            } catch (Exception e) {
                return;
            }
        }
    }

    private static double pct(List<Double> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
