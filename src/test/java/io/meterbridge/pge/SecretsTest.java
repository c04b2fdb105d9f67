package io.meterbridge.pge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.MeterbridgeMain;
import io.meterbridge.dlms.DlmsFrameWriter;
import io.meterbridge.dlms.P1Decryptor;
import io.meterbridge.dsmr.TelegramWriter;
import io.meterbridge.testing.GatewayProcess;
import io.meterbridge.testing.InfluxServer;
import io.meterbridge.testing.JavaCommand;
import io.meterbridge.testing.MosquittoBroker;
import io.meterbridge.testing.TestPki;

/**
 * Every secret set at once (the P1 key, PG&E's client secret and key password, the MQTT and InfluxDB passwords, an API
 * token), the gateway run at TRACE for every logger, and each path that handles a secret taken, failures included: a
 * frame under another key, a 401 from PG&E, a broker that refuses the login, requests with a wrong token and with the
 * token in the URL. None of the secrets may appear in the log, in an HTTP answer or in the config command's output.
 * It lives here for the fake PG&E and its certificates; what it checks is the whole gateway.
 */
@Timeout(180)
class SecretsTest {

    private static final String P1_KEY = "5EC2E75EC2E75EC2E75EC2E75EC2E7AA";
    private static final String API_TOKEN = "api-token-SECRET-0123456789";
    private static final String MQTT_PASSWORD = "mqtt-password-SECRET-77";
    private static final String INFLUX_PASSWORD = "influx-password-SECRET-88";
    private static final String PGE_SECRET = "pge-client-secret-SECRET-99";
    private static final String PGE_KEY_PASSWORD = "pge-key-password-SECRET-11";
    private static final List<String> SECRETS = List.of(P1_KEY, API_TOKEN, MQTT_PASSWORD, INFLUX_PASSWORD, PGE_SECRET, PGE_KEY_PASSWORD);

    @TempDir
    Path dir;

    @Test
    void noSecretAppearsInTheLogAtTraceInAnyAnswerOrInTheConfigCommand() throws Exception {
        Path capture = capture();
        TestPki pki = new TestPki();
        Path keys = Files.createDirectories(dir.resolve("keys"));
        try (FakePge pge = new FakePge(pki);
                MosquittoBroker broker = MosquittoBroker.withLogin(Files.createDirectories(dir.resolve("broker")), "meterbridge", "not-that-one");
                InfluxServer influx = new InfluxServer(Files.createDirectories(dir.resolve("influx")))) {
            influx.start();
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("meterbridge.log.level", "TRACE");
            settings.put("camel.main.routes-include-pattern", "file:routes/*.camel.yaml,file:routes/examples/p1-encrypted.camel.yaml,"
                    + "file:routes/examples/pge.camel.yaml");
            settings.put("camel.main.routes-exclude-pattern", "file:routes/p1.camel.yaml");
            settings.put("p1.uri", "replay:" + capture + "?framing=dlms&delay=50");
            settings.put("hub.sinks", "direct:sink-store,direct:sink-mqtt,direct:sink-influxdb");
            settings.put("mqtt.broker", broker.url());
            settings.put("mqtt.username", "meterbridge");
            settings.put("mqtt.password", MQTT_PASSWORD);
            settings.put("influxdb.url", influx.url());
            settings.put("influxdb.username", "meterbridge");
            settings.put("influxdb.password", INFLUX_PASSWORD);
            settings.put("pge.api", pge.url() + FakePge.BASE);
            settings.put("pge.token-url", pge.url() + FakePge.TOKEN_PATH);
            settings.put("pge.client-id", FakePge.CLIENT_ID);
            settings.put("pge.key", TestPki.write(keys.resolve("client.key"), TestPki.pem(pki.client.keys())).toString());
            settings.put("pge.certificate", TestPki.write(keys.resolve("client.crt"), TestPki.pem(pki.client.certificate())).toString());
            settings.put("pge.trust", TestPki.write(keys.resolve("server-ca.crt"), TestPki.pem(pki.serverCa.certificate())).toString());
            Map<String, String> environment = Map.of("P1_SECRET_KEY", P1_KEY, "PGE_CLIENT_SECRET", PGE_SECRET,
                    "PGE_KEY_PASSWORD", PGE_KEY_PASSWORD, "METERBRIDGE_API_TOKENS", "alice:write:" + API_TOKEN);

            StringBuilder answers = new StringBuilder();
            String log;
            // the config command meanwhile, in a JVM of its own
            CompletableFuture<String> config = CompletableFuture.supplyAsync(() -> config(settings, environment));
            GatewayProcess gateway = new GatewayProcess(dir.resolve("gateway"), settings);
            environment.forEach(gateway::env);
            try (gateway) {
                gateway.start();
                gateway.awaitHealth("\"sink-mqtt\"", 60);
                // PG&E's 401, the replay read to its end and the MQTT sink's refused login
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).until(() -> gateway.log().contains("invalid_client")
                        && gateway.log().contains("Replayed") && gateway.log().toLowerCase(Locale.ROOT).contains("not authorized"));
                HttpClient http = HttpClient.newHttpClient();
                URI adjust = URI.create(gateway.url() + "/api/adjustments");
                String body = "{\"action\":\"delete\",\"meter\":\"nobody\",\"from\":\"2024-01-01\",\"to\":\"2024-01-02\",\"why\":\"test\"}";
                for (HttpRequest request : List.of(
                        HttpRequest.newBuilder(adjust).header("Content-Type", "application/json").header("Authorization", "Bearer wrong-token-000000")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpRequest.newBuilder(adjust).header("Content-Type", "application/json").header("Authorization", "Bearer " + API_TOKEN)
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpRequest.newBuilder(adjust).header("Content-Type", "application/json").header("Authorization", "Bearer " + API_TOKEN)
                                .POST(HttpRequest.BodyPublishers.ofString("{not json")).build(),
                        HttpRequest.newBuilder(URI.create(gateway.url() + "/api/meters?token=" + API_TOKEN)).build(),
                        HttpRequest.newBuilder(URI.create(gateway.url() + "/api/meters")).header("Authorization", "Bearer " + API_TOKEN).build())) {
                    HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                    answers.append(answer.statusCode()).append(' ').append(answer.headers().map()).append(' ').append(answer.body()).append('\n');
                }
                answers.append(gateway.observe().get("/health?data=true").text()).append(gateway.observe().get("/metrics").text());
            }
            log = gateway.log();

            // the paths were taken: a frame under another key, PG&E's 401, the broker's refusal, the wrong token
            assertThat(log).contains("invalid_client").containsIgnoringCase("not authorized");
            assertThat(log).containsPattern("(?i)decrypt|authentication tag");
            assertThat(answers).contains("401 ").contains("400 ");
            String configOutput = config.get(60, TimeUnit.SECONDS);
            assertThat(configOutput).contains("p1.secret-key = ********");
            for (String secret : SECRETS) {
                // the failure names the lines, with the secret itself blanked: test output is output too
                assertThat(holding(log, secret)).as("log lines holding a secret").isEmpty();
                assertThat(holding(answers.toString(), secret)).as("answers holding a secret").isEmpty();
                assertThat(holding(configOutput, secret)).as("config lines holding a secret").isEmpty();
            }
            assertThat(log.length()).as("TRACE was on").isGreaterThan(1_000_000);
        }
    }

    private static List<String> holding(String text, String secret) {
        return text.lines().filter(l -> l.contains(secret)).limit(8).map(l -> l.replace(secret, "<SECRET>"))
                .map(l -> l.length() > 300 ? l.substring(0, 300) : l).toList();
    }

    /** Five frames under the configured key and five under another, taking turns. */
    private Path capture() throws Exception {
        byte[] auth = HexFormat.of().parseHex(P1Decryptor.LUXEMBOURG_AUTHENTICATION_KEY);
        DlmsFrameWriter right = new DlmsFrameWriter(HexFormat.of().parseHex(P1_KEY), auth, 1);
        DlmsFrameWriter wrong = new DlmsFrameWriter(HexFormat.of().parseHex("00112233445566778899AABBCCDDEEFF"), auth, 1000);
        TelegramWriter meter = new TelegramWriter(7);
        Instant start = Instant.parse("2024-05-02T08:00:00Z");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < 10; i++) {
            byte[] telegram = meter.next(start.plusSeconds(i));
            bytes.writeBytes(i % 2 == 0 ? right.next(telegram) : wrong.next(telegram));
        }
        return Files.write(dir.resolve("encrypted.bin"), bytes.toByteArray());
    }

    /** The config command as a user runs it, with the same settings and environment. */
    private static String config(Map<String, String> settings, Map<String, String> environment) {
        try {
            return runConfig(settings, environment);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String runConfig(Map<String, String> settings, Map<String, String> environment) throws Exception {
        List<String> command = JavaCommand.quick();
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add(MeterbridgeMain.class.getName());
        command.add("config");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
