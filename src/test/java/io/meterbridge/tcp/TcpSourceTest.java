package io.meterbridge.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.meterbridge.dsmr.TelegramWriter;
import io.meterbridge.reading.Json;
import io.meterbridge.testing.CapturedLog;
import io.meterbridge.testing.Http;
import io.meterbridge.testing.TestGateway;

/**
 * A P1 network dongle (here a local TCP server sending real DSMR telegrams, as ser2net and the dongles do) read
 * through the shipped P1 source with p1.uri = tcp:host:port: its telegrams are checked and stored like a serial
 * port's; a dongle that reboots (closes the connection) is connected to again, with one log line for the outage,
 * and the readiness check says when it cannot be reached.
 */
@Timeout(90)
class TcpSourceTest {

    private static final Instant START = Instant.parse("2024-06-01T12:00:00Z");

    @TempDir
    Path data;

    @Test
    void aDongleThatRebootsIsConnectedToAgainAndNothingItSentIsLost() throws Exception {
        TelegramWriter meter = new TelegramWriter(5);
        try (ServerSocket dongle = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Main main = TestGateway.newMain();
            main.addOverrideProperty("files.directory", data.toString());
            main.addOverrideProperty("hub.sinks", "direct:sink-csv");
            main.addOverrideProperty("p1.uri", "tcp:127.0.0.1:" + dongle.getLocalPort() + "?reconnectDelay=200&silenceTimeout=5000");
            main.start();
            try {
                for (int session = 0; session < 2; session++) {
                    try (Socket connection = dongle.accept(); OutputStream out = connection.getOutputStream()) {
                        for (int i = 0; i < 10; i++) {
                            out.write(meter.next(START.plusSeconds(session * 10L + i)));
                            out.flush();
                            Thread.sleep(20);
                        }
                    } // the dongle reboots: the connection closes
                }
                Path csv = data.resolve("readings-electricity-2024-06-01.csv");
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                        .until(() -> Files.exists(csv) && Files.readAllLines(csv).size() == 1 + 20);
                List<String> rows = Files.readAllLines(csv);
                assertThat(rows.get(1)).startsWith(START + ",");
                assertThat(rows.get(20)).startsWith(START.plusSeconds(19) + ",");
                assertThat(CapturedLog.messages()).anyMatch(m -> m.contains("WARN") && m.contains("127.0.0.1:" + dongle.getLocalPort())
                        && m.contains("connection closed") && m.contains("retrying with back-off"));

                // the dongle gone for good: not ready, and why
                int port = dongle.getLocalPort();
                dongle.close();
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    JsonNode check = check(main, "consumer:p1");
                    return check != null && check.path("status").asText().equals("DOWN");
                });
                assertThat(check(main, "consumer:p1").path("message").asText()).contains("127.0.0.1:" + port + " not open: cannot connect");
            } finally {
                main.stop();
            }
        }
    }

    private static JsonNode check(Main main, String id) throws Exception {
        for (JsonNode check : Json.MAPPER.readTree(new Http(TestGateway.observe(main)).get("/health?data=true").text()).path("checks")) {
            if (check.path("name").asText().equals(id)) {
                return check;
            }
        }
        return null;
    }
}
