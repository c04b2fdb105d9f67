package io.meterbridge.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.testing.FreePort;
import io.meterbridge.testing.GatewayProcess;
import io.meterbridge.testing.Http;

/** The gateway's ports as a user sets them: each setting works on its own, and a taken port stops the start. */
@Timeout(120)
class PortsTest {

    @TempDir
    Path dir;

    @Test
    void theServerPortWorksAloneWithTheManagementServerBesideIt() throws Exception {
        int port = FreePort.next();
        try (GatewayProcess gateway = new GatewayProcess(dir.resolve("a"), Map.of("camel.server.port", String.valueOf(port),
                "p1.uri", "replay:demo/p1-capture.log")).start()) {
            gateway.awaitHealth("\"status\":\"UP\"", 60);
            Http api = new Http("http://127.0.0.1:" + port + "/api");
            long until = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < until && !api.get("/meters").text().contains("E0044007382246019")) {
                Thread.sleep(200);
            }
            assertThat(api.get("/meters").status()).isEqualTo(200);
            assertThat(api.get("/meters").text()).contains("E0044007382246019");
        }
    }

    @Test
    void aTakenPortStopsTheStartWithOneLineAndANonZeroExit() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            try (GatewayProcess gateway = new GatewayProcess(dir.resolve("b"), Map.of("camel.server.port", String.valueOf(port))).start()) {
                assertThat(gateway.awaitExit(60)).isEqualTo(1);
                assertThat(gateway.log()).contains("meterbridge did not start: port " + port + " on 127.0.0.1 (camel.server.port) cannot be used");
            }
        }
    }
}
