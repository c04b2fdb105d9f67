package io.meterbridge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.main.Main;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.meterbridge.MeterbridgeMain;
import io.meterbridge.reading.Json;
import io.meterbridge.reading.Reading;
import io.meterbridge.reading.ReadingJson;
import io.meterbridge.spool.Spool;
import io.meterbridge.testing.KafkaBroker;
import io.meterbridge.testing.Readme;

/**
 * A central gateway's per-reading cost on Kafka: a topic filled with readings (as edge gateways send them), drained
 * by the README's central route into the InfluxDB sink's spool (InfluxDB down: the gateway's side alone), beside
 * the ceiling in the same run: a plain Kafka consumer that only reads each record into a reading. Prints both rates
 * and how many times the ceiling's cost a reading costs the gateway. bench/kafka-drain runs it.
 * Arguments: readings (200,000 unless given), rounds (2).
 */
public final class KafkaDrainBench {

    private static final String TOPIC = "meterbridge.readings";

    private KafkaDrainBench() {
    }

    public static void main(String[] args) throws Exception {
        int readings = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path dir = Files.createTempDirectory("kafka-drain");
        try (KafkaBroker kafka = KafkaBroker.start(Files.createDirectory(dir.resolve("kafka")), 4)) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 4, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = kafka.producer()) {
                Instant start = Instant.parse("2025-03-01T00:00:00Z");
                for (int i = 0; i < readings; i++) {
                    String meter = "home-" + i % 100;
                    Reading r = Reading.builder("electricity").tag("meter", meter).tag("source", "dsmr")
                            .field("energy_import_kwh", 1000.0 + i / 100 * 0.001).field("power_import_w", 100.0 + i % 7)
                            .time(start.plusSeconds(i / 100)).build();
                    producer.send(new ProducerRecord<>(TOPIC, meter, Json.MAPPER.writeValueAsString(r)));
                }
            }
            for (int round = 1; round <= rounds; round++) {
                double ceiling = ceiling(kafka, readings, "ceiling-" + round);
                double gateway = gateway(kafka, readings, dir.resolve("gateway-" + round), "central-" + round);
                System.out.printf("round %d, %,d readings: plain consumer reading each record %,.0f/s; central gateway into its spool %,.0f/s;"
                        + " a reading costs the gateway %.1fx the plain read%n", round, readings, ceiling, gateway, ceiling / gateway);
            }
        }
    }

    /** Readings per second of a plain consumer that turns each record into a reading and does nothing else. */
    private static double ceiling(KafkaBroker kafka, int readings, String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        long began = 0;
        int read = 0;
        int first = 0;
        double check = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            while (read < readings) {
                var records = consumer.poll(Duration.ofMillis(500));
                if (began == 0 && !records.isEmpty()) {
                    // timed from the first records, as the gateway is: the group's join is not counted
                    began = System.nanoTime();
                    first = records.count();
                }
                for (ConsumerRecord<String, String> record : records) {
                    try {
                        check += ReadingJson.parse(Json.MAPPER.readTree(record.value())).fields().size();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    read++;
                }
            }
            consumer.commitSync();
        }
        if (check == 0) {
            throw new IllegalStateException("nothing read");
        }
        return (readings - first) / ((System.nanoTime() - began) / 1e9);
    }

    /** Readings per second of a central gateway (the README's route) into the InfluxDB sink's spool. */
    private static double gateway(KafkaBroker kafka, int readings, Path dir, String group) throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve("kafka-central.camel.yaml"), Readme.yamlBlock("# routes/kafka-central.camel.yaml")
                .replace("kamelet:meterbridge-kafka-source", "kamelet:meterbridge-kafka-source?group=" + group));
        Main main = MeterbridgeMain.newMain();
        main.addOverrideProperty("camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml");
        main.addOverrideProperty("kafka.brokers", kafka.bootstrap());
        main.addOverrideProperty("hub.sinks", "direct:sink-influxdb");
        main.addOverrideProperty("influxdb.url", "http://127.0.0.1:9"); // down: the spool keeps everything
        main.addOverrideProperty("files.directory", dir.resolve("data").toString());
        main.addOverrideProperty("camel.server.enabled", "false");
        main.addOverrideProperty("camel.management.port", "0");
        main.start();
        try {
            Spool spool = main.getCamelContext().getRegistry().lookupByNameAndType("influxSpool", Spool.class);
            // timed from the first reading in, so the consumer group's join is not counted
            while (spool.spooled() == 0) {
                Thread.sleep(1);
            }
            long began = System.nanoTime();
            long first = spool.spooled();
            while (spool.spooled() < readings) {
                Thread.sleep(5);
            }
            return (readings - first) / ((System.nanoTime() - began) / 1e9);
        } finally {
            main.stop();
        }
    }
}
