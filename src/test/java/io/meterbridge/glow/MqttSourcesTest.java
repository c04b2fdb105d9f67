package io.meterbridge.glow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.reading.PayloadErrors;
import io.meterbridge.testing.Await;
import io.meterbridge.testing.MosquittoBroker;
import io.meterbridge.testing.TestGateway;
import io.meterbridge.testing.TestPki;
import io.meterbridge.tls.PemTrustManagers;

/**
 * The shipped Glow and AI-on-the-edge routes (routes/examples) against a real Mosquitto: every payload of the Glow
 * corpus is published as a device would, and the files hold the readings of the valid ones and nothing of the
 * invalid ones; the YAML-only mappings turn a camera-read water meter (AI-on-the-edge) and an Itron ERT meter
 * heard by rtlamr into readings.
 */
@Timeout(120)
class MqttSourcesTest {

    @TempDir
    Path dir;

    @Test
    void glowAndYamlMappedDevicesEndToEnd() throws Exception {
        Map<String, GlowCorpus.Payload> local = GlowCorpus.load("local_data.json");
        Map<String, GlowCorpus.Payload> legacy = GlowCorpus.load("data.json");
        Path data = Files.createDirectory(dir.resolve("data"));
        try (MosquittoBroker broker = MosquittoBroker.start(Files.createDirectory(dir.resolve("broker")))) {
            Main gateway = TestGateway.newMain();
            gateway.addOverrideProperty("camel.main.routes-include-pattern",
                    "file:routes/*.camel.yaml,file:routes/examples/glow.camel.yaml,file:routes/examples/mqtt-json-ai-on-the-edge.camel.yaml,"
                            + "file:routes/examples/mqtt-json-rtlamr.camel.yaml");
            gateway.addOverrideProperty("camel.main.routes-exclude-pattern", "file:routes/p1.camel.yaml");
            gateway.addOverrideProperty("mqtt.broker", broker.url());
            gateway.addOverrideProperty("files.directory", data.toString());
            gateway.start();
            try (CamelContext devices = new DefaultCamelContext()) {
                devices.start();
                awaitStarted(gateway, "glow", "glow-legacy", "ai-on-the-edge", "rtlamr");
                ProducerTemplate publish = devices.createProducerTemplate();
                String mqtt = "?brokerUrl=" + broker.url() + "&qos=1";
                // each case as its own device: they share one timestamp, which one device would republish
                for (Map.Entry<String, GlowCorpus.Payload> p : local.entrySet()) {
                    String sensor = p.getValue().topic().substring(p.getValue().topic().lastIndexOf('/') + 1);
                    publish.sendBody("paho-mqtt5:glow/" + p.getKey() + "/SENSOR/" + sensor + mqtt, p.getValue().bytes());
                }
                for (Map.Entry<String, GlowCorpus.Payload> p : legacy.entrySet()) {
                    publish.sendBody("paho-mqtt5:SMART/HILD/" + p.getKey() + mqtt, p.getValue().bytes());
                }
                publish.sendBody("paho-mqtt5:watermeter/garden/json" + mqtt, bytes(
                        "{\"value\":\"123.456\",\"raw\":\"00123.456\",\"error\":\"no error\",\"rate\":\"0.001\",\"timestamp\":\"2024-01-03T21:32:54+0100\"}"));
                publish.sendBody("paho-mqtt5:watermeter/garden/json" + mqtt, bytes(
                        "{\"value\":\"999.000\",\"error\":\"Neg. Rate - Read: 122.1\",\"timestamp\":\"2024-01-03T21:37:54+0100\"}"));
                publish.sendBody("paho-mqtt5:watermeter/cellar/json" + mqtt, bytes("this is not json"));
                publish.sendBody("paho-mqtt5:watermeter/attic/json" + mqtt, bytes("{\"error\":\"no error\",\"timestamp\":\"2024-01-03T21:32:54+0100\"}"));

                publish.sendBody("paho-mqtt5:rtlamr/scm" + mqtt, bytes(
                        "{\"Time\":\"2024-01-03T21:32:54.1Z\",\"Offset\":0,\"Length\":0,\"Type\":\"SCM\",\"Message\":"
                                + "{\"ID\":17581447,\"Type\":5,\"TamperPhy\":0,\"TamperEnc\":0,\"Consumption\":126300,\"ChecksumVal\":51014}}"));

                List<String> ert = Await.lines(data.resolve("readings-electricity-2024-01-03.csv"), 1 + 1, Duration.ofSeconds(30));
                List<String> electricity = Await.lines(data.resolve("readings-electricity-2023-01-01.csv"), 1 + 3, Duration.ofSeconds(30));
                List<String> water = Await.lines(data.resolve("readings-water-2024-01-03.csv"), 1 + 1, Duration.ofSeconds(30));
                List<String> legacyElectricity = Await.lines(data.resolve("readings-electricity-2023-01-06.csv"), 1 + 2, Duration.ofSeconds(30));
                Thread.sleep(1000); // anything wrongly delivered would have arrived by now

                assertThat(electricity).hasSize(1 + 3);
                assertThat(electricity).anyMatch(l -> l.startsWith("2023-01-01T00:00:00Z,electric_normal,,12000.123,125.987,"));
                assertThat(electricity).anyMatch(l -> l.startsWith("2023-01-01T00:00:00Z,electric_negative_power,,12000.123,,"));
                assertThat(electricity).anyMatch(l -> l.startsWith("2023-01-01T00:00:00Z,electric_zero_power,"));
                assertThat(electricity).noneMatch(l -> l.contains("electric_invalid"));
                List<String> gas = Files.readAllLines(data.resolve("readings-gas-2023-01-01.csv"));
                assertThat(gas).hasSize(1 + 1);
                assertThat(gas.get(1)).isEqualTo("2023-01-01T00:00:00Z,gas_normal,,4963.225");
                assertThat(legacyElectricity).hasSize(1 + 2).anyMatch(l -> l.contains(",normal,,12492.062,"))
                        .anyMatch(l -> l.contains(",electric_no_gas,,12492.062,"));
                assertThat(Files.readAllLines(data.resolve("readings-gas-2023-01-06.csv"))).hasSize(1 + 2);
                assertThat(ert).hasSize(2);
                assertThat(ert.get(1)).startsWith("2024-01-03T21:32:54.100Z,17581447,,1263.0,");
                assertThat(water).containsExactly("time,meter,channel,volume_m3", "2024-01-03T20:32:54Z,garden,,123.456");
                PayloadErrors errors = gateway.getCamelContext().getRegistry().lookupByNameAndType("payloadErrors", PayloadErrors.class);
                // electric_invalid, gas_zero_volume, gas_null, the text that is not JSON, the payload without a value
                assertThat(errors.rejected()).isEqualTo(5);
            } finally {
                gateway.stop();
            }
        }
    }

    /**
     * A broker that lets in only its one user: the broker and the login are set once (mqtt.broker, MQTT_USERNAME and
     * MQTT_PASSWORD) and every MQTT endpoint uses them, the Glow source and the MQTT sink alike.
     */
    @Test
    void everyMqttEndpointLogsInWithTheOneConfiguredLogin() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.withLogin(Files.createDirectory(dir.resolve("broker")), "home", "s3cret-login")) {
            oneReadingInAndOut(broker, Map.of("mqtt.username", "home", "mqtt.password", "s3cret-login"),
                    new DefaultCamelContext(), "userName=home&password=s3cret-login");
        }
    }

    /**
     * A home broker that speaks TLS with a certificate from its own CA: mqtt.ca-file names that CA once, and the Glow
     * source and the MQTT sink both connect (the JVM's own trust store does not know the CA).
     */
    @Test
    void anSslBrokerWithItsOwnCaIsTrustedThroughTheOneCaFile() throws Exception {
        Path keys = Files.createDirectory(dir.resolve("keys"));
        TestPki pki = new TestPki();
        Path ca = TestPki.write(keys.resolve("ca.pem"), TestPki.pem(pki.serverCa.certificate()));
        Path certificate = TestPki.write(keys.resolve("server.pem"), TestPki.pem(pki.server.certificate()));
        Path key = TestPki.write(keys.resolve("server.key"), TestPki.pem(pki.server.keys().getPrivate()));
        try (MosquittoBroker broker = MosquittoBroker.withTls(Files.createDirectory(dir.resolve("broker")), ca, certificate, key)) {
            assertThat(broker.url()).startsWith("ssl://");
            // the test's own device and listener trust the CA the same way
            PemTrustManagers trust = new PemTrustManagers();
            trust.setCertificates(ca.toString());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.createTrustManagers(), null);
            CamelContext devices = new DefaultCamelContext();
            devices.getRegistry().bind("tls", tls.getSocketFactory());
            oneReadingInAndOut(broker, Map.of("mqtt.ca-file", ca.toString()), devices, "socketFactory=#tls");
        }
    }

    /**
     * The Glow source and the MQTT sink on one broker, with the gateway settings given: a device publishes one Glow
     * payload and a listener hears the sink publish its reading; {@code access} is how both reach the broker.
     */
    private void oneReadingInAndOut(MosquittoBroker broker, Map<String, String> settings, CamelContext devices, String access) throws Exception {
        GlowCorpus.Payload normal = GlowCorpus.load("local_data.json").get("electric_normal");
        Path data = Files.createDirectory(dir.resolve("data"));
        Main gateway = TestGateway.newMain();
        gateway.addOverrideProperty("camel.main.routes-include-pattern", "file:routes/*.camel.yaml,file:routes/examples/glow.camel.yaml");
        gateway.addOverrideProperty("camel.main.routes-exclude-pattern", "file:routes/p1.camel.yaml");
        gateway.addOverrideProperty("hub.sinks", "direct:sink-csv,direct:sink-mqtt");
        gateway.addOverrideProperty("mqtt.broker", broker.url());
        gateway.addOverrideProperty("files.directory", data.toString());
        settings.forEach(gateway::addOverrideProperty);
        gateway.start();
        try (devices) {
            String options = "brokerUrl=" + broker.url() + "&qos=1&" + access;
            List<String> published = new CopyOnWriteArrayList<>();
            devices.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("paho-mqtt5:meterbridge/#?clientId=listener&" + options).process(e -> published.add(e.getMessage().getBody(String.class)));
                }
            });
            devices.start();
            awaitStarted(gateway, "glow");
            String sensor = normal.topic().substring(normal.topic().lastIndexOf('/') + 1);
            devices.createProducerTemplate().sendBody("paho-mqtt5:glow/electric_normal/SENSOR/" + sensor + "?" + options, normal.bytes());

            List<String> electricity = Await.lines(data.resolve("readings-electricity-2023-01-01.csv"), 1 + 1, Duration.ofSeconds(30));
            assertThat(electricity.get(1)).startsWith("2023-01-01T00:00:00Z,electric_normal,,12000.123,");
            await().atMost(Duration.ofSeconds(30)).until(() -> published.stream().anyMatch(m -> m.contains("12000.123")));
        } finally {
            gateway.stop();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void awaitStarted(Main main, String... routeIds) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (String routeId : routeIds) {
            while (main.getCamelContext() == null
                    || main.getCamelContext().getRouteController().getRouteStatus(routeId) != ServiceStatus.Started) {
                assertThat(System.nanoTime()).as(routeId + " started").isLessThan(until);
                Thread.sleep(50);
            }
        }
    }
}
