package io.meterbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.camel.main.Main;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.reading.Json;
import io.meterbridge.reading.Reading;
import io.meterbridge.testing.GatewayProcess;
import io.meterbridge.testing.InfluxServer;
import io.meterbridge.testing.KafkaBroker;
import io.meterbridge.testing.Readme;
import io.meterbridge.testing.Shipped;
import io.meterbridge.testing.TestGateway;

/**
 * A fleet on a real Kafka broker (KRaft, in its own JVM): an edge gateway replays the demo meter into Kafka through
 * its spool, forty more meters' readings arrive as other edges would send them, and two central gateways (JVMs of
 * their own, running the README's route as printed) read the topic as one consumer group into a real InfluxDB. One
 * central gateway is killed with kill -9 mid-stream; the other takes its partitions over, and the killed one comes back
 * with its data directory (its spool): every reading is in InfluxDB, once.
 */
@Timeout(240)
class KafkaFleetTest {

    static final int METERS = 40;
    static final int PER_METER = 100;
    static final String TOPIC = "meterbridge.readings";

    @TempDir
    Path dir;

    @Test
    void aCentralGatewayKilledMidStreamLosesAndDuplicatesNothing() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start(Files.createDirectory(dir.resolve("kafka")), 4);
                InfluxServer influx = new InfluxServer(Files.createDirectory(dir.resolve("influx")))) {
            influx.start();
            influx.query("fleet", "CREATE DATABASE fleet");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
                admin.createTopics(java.util.List.of(new NewTopic(TOPIC, 4, (short) 1))).all().get();
            }
            Path routes = Files.createDirectory(dir.resolve("routes"));
            Files.writeString(routes.resolve("kafka-central.camel.yaml"), Readme.yamlBlock("# routes/kafka-central.camel.yaml"));
            Map<String, String> central = Map.of("kafka.brokers", kafka.bootstrap(), "hub.sinks", "direct:sink-influxdb",
                    "influxdb.url", influx.url(), "influxdb.database", "fleet", "influxdb.batch-interval", "200",
                    "camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml", "kafka.session-timeout", "6000");
            try (GatewayProcess a = new GatewayProcess(dir.resolve("central-a"), central).start();
                    GatewayProcess b = new GatewayProcess(dir.resolve("central-b"), central).start()) {
                a.awaitHealth("kafka-central", 60);
                b.awaitHealth("kafka-central", 60);

                // the edge: the demo meter through its spool into Kafka
                Main edge = TestGateway.newMain();
                edge.addOverrideProperty("files.directory", dir.resolve("edge").toString());
                edge.addOverrideProperty("p1.uri", Shipped.demoAtOnce());
                edge.addOverrideProperty("hub.sinks", "direct:sink-kafka");
                edge.addOverrideProperty("kafka.brokers", kafka.bootstrap());
                edge.start();
                try (KafkaProducer<String, String> others = kafka.producer()) {
                    Instant start = Instant.parse("2025-03-01T00:00:00Z");
                    // a record that is no reading, among home-0's: passed over, and home-0's partition goes on
                    others.send(new ProducerRecord<>(TOPIC, "home-0", "{\"measurement\": \"electricity\", \"fields\": "));
                    for (int i = 0; i < PER_METER; i++) {
                        for (int m = 0; m < METERS; m++) {
                            Reading r = Reading.builder("electricity").tag("meter", "home-" + m).tag("source", "dsmr")
                                    .field("energy_import_kwh", 1000.0 + i).time(start.plusSeconds(10L * i)).build();
                            others.send(new ProducerRecord<>(TOPIC, "home-" + m, Json.MAPPER.writeValueAsString(r)));
                        }
                        if (i == PER_METER / 3) {
                            others.flush();
                            await().atMost(Duration.ofSeconds(60)).until(() -> influx.count("fleet",
                                    "SELECT count(energy_import_kwh) FROM electricity WHERE meter =~ /home-/") > 0);
                            // offsets are committed as the gateways go (batch by batch), not only when the group changes
                            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                                    .untilAsserted(() -> assertThat(committedLag(kafka)).isZero());
                        }
                        if (i == PER_METER / 2) {
                            others.flush();
                            b.kill9(); // mid-stream: records b had read but not committed are read again by a
                        }
                    }
                }
                // the group gives b's partitions to a once b's session times out
                long rebalance = awaitMembers(kafka, 1);
                System.out.printf("KafkaFleetTest: partitions of the killed central gateway taken over after %.1f s%n", rebalance / 1e9);
                // b comes back with its data directory, as a StatefulSet pod with its volume: what it had spooled but
                // not yet written (its offsets committed) goes out now
                try (GatewayProcess again = new GatewayProcess(dir.resolve("central-b"), central).start()) {
                    again.awaitHealth("kafka-central", 60);
                    try {
                        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> influx.count("fleet",
                                "SELECT count(energy_import_kwh) FROM electricity WHERE meter =~ /home-/") == (long) METERS * PER_METER
                                && influx.count("fleet", "SELECT count(power_import_w) FROM electricity WHERE meter = 'E0044007382246019'") == 298L);
                    } catch (org.awaitility.core.ConditionTimeoutException e) {
                        throw new AssertionError(influx.count("fleet", "SELECT count(energy_import_kwh) FROM electricity WHERE meter =~ /home-/")
                                + " of " + METERS * PER_METER + " readings, " + influx.count("fleet",
                                        "SELECT count(power_import_w) FROM electricity WHERE meter = 'E0044007382246019'")
                                + " of the demo's 298; central b:\n" + tail(again.log()), e);
                    }
                    // and every record's offset is committed: a restart now would read nothing again
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                            .untilAsserted(() -> assertThat(committedLag(kafka)).isZero());
                    assertThat(a.log() + b.log() + again.log()).contains("is no reading, passed over");
                }
                edge.stop();
                // once each: every meter's hundred readings, each value where it belongs
                for (int m = 0; m < METERS; m += 13) {
                    assertThat(influx.count("fleet", "SELECT count(energy_import_kwh) FROM electricity WHERE meter = 'home-" + m + "'"))
                            .isEqualTo(PER_METER);
                    assertThat(influx.count("fleet", "SELECT sum(energy_import_kwh) FROM electricity WHERE meter = 'home-" + m + "'"))
                            .isEqualTo(PER_METER * 1000L + PER_METER * (PER_METER - 1) / 2);
                }
            }
        }
    }

    /**
     * The edge's side with Kafka down: the demo's readings wait in the edge's spool while the broker is stopped, and
     * all of them are in the topic once it is back (at least once: a batch cut off by the outage may be sent twice,
     * which the central gateways' sinks store once).
     */
    @Test
    void anEdgeKeepsItsReadingsWhileKafkaIsDownAndSendsThemWhenItIsBack() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start(Files.createDirectory(dir.resolve("kafka")), 2)) {
            kafka.stop();
            Main edge = TestGateway.newMain();
            edge.addOverrideProperty("files.directory", dir.resolve("edge").toString());
            edge.addOverrideProperty("p1.uri", Shipped.demoAtOnce());
            edge.addOverrideProperty("hub.sinks", "direct:sink-kafka");
            edge.addOverrideProperty("kafka.brokers", kafka.bootstrap());
            edge.addOverrideProperty("camel.component.kafka.max-block-ms", "2000");
            edge.start();
            try {
                io.meterbridge.testing.Http observe = new io.meterbridge.testing.Http(TestGateway.observe(edge));
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> kafkaSink(observe, "spooled") == 596);
                assertThat(kafkaSink(observe, "delivered")).as("nothing reaches a broker that is down").isZero();
                kafka.restart();
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> kafkaSink(observe, "delivered") == 596);
            } finally {
                edge.stop();
            }
            java.util.Set<String> distinct = new java.util.HashSet<>();
            int records = 0;
            try (org.apache.kafka.clients.consumer.KafkaConsumer<String, String> consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(Map.of(
                    "bootstrap.servers", kafka.bootstrap(), "group.id", "check", "auto.offset.reset", "earliest",
                    "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
                    "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer"))) {
                consumer.subscribe(java.util.List.of(TOPIC));
                long until = System.nanoTime() + 30_000_000_000L;
                while ((distinct.size() < 298 || records < 596) && System.nanoTime() < until) {
                    for (var record : consumer.poll(Duration.ofMillis(500))) {
                        Reading r = io.meterbridge.reading.ReadingJson.parse(Json.MAPPER.readTree(record.value()));
                        assertThat(record.key()).isEqualTo(r.tag("meter"));
                        if (r.measurement().equals("electricity")) {
                            distinct.add(r.tag("meter") + r.time());
                        }
                        records++;
                    }
                }
            }
            assertThat(distinct).as("every telegram's electricity reading").hasSize(298);
            assertThat(records).as("and its gas reading (the gas meter's hourly time repeats)").isGreaterThanOrEqualTo(596);
        }
    }

    /** A count of the edge's Kafka spool from its /observe/metrics. */
    private static long kafkaSink(io.meterbridge.testing.Http observe, String outcome) throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^meterbridge_sink_readings_total\\{outcome=\"" + outcome
                + "\",sink=\"kafka\"\\} ([0-9.eE+]+)$").matcher(observe.get("/metrics").text());
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    /** Records of the topic not yet committed by the central group. */
    private static long committedLag(KafkaBroker kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
            var committed = admin.listConsumerGroupOffsets("meterbridge-central").partitionsToOffsetAndMetadata().get();
            var latest = admin.listOffsets(committed.keySet().stream().collect(java.util.stream.Collectors.toMap(p -> p,
                    p -> org.apache.kafka.clients.admin.OffsetSpec.latest()))).all().get();
            long lag = 0;
            for (var e : committed.entrySet()) {
                lag += latest.get(e.getKey()).offset() - (e.getValue() == null ? 0 : e.getValue().offset());
            }
            return committed.size() < 4 ? Long.MAX_VALUE : lag;
        }
    }

    /** Nanoseconds until the central group has this many members. */
    private static long awaitMembers(KafkaBroker kafka, int members) throws Exception {
        long from = System.nanoTime();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> admin.describeConsumerGroups(
                    java.util.List.of("meterbridge-central")).all().get().get("meterbridge-central").members().size() == members);
        }
        return System.nanoTime() - from;
    }

    private static String tail(String log) {
        return log.length() > 6000 ? log.substring(log.length() - 6000) : log;
    }
}
