package io.meterbridge.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.testing.FreePort;
import io.meterbridge.testing.GatewayProcess;
import io.meterbridge.testing.Http;
import io.meterbridge.testing.TestGateway;

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

    /**
     * Between the server listening and the routes answering, a request gets 503 with Retry-After (and the security
     * headers), never 404. The window is held open here by a listener that waits while Camel starts its routes.
     */
    @Test
    void untilTheRoutesAreUpEveryRequestIsAnswered503WithRetryAfter() throws Exception {
        java.util.concurrent.CountDownLatch routesStarting = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch carryOn = new java.util.concurrent.CountDownLatch(1);
        Main main = TestGateway.newMain();
        main.addOverrideProperty("files.directory", dir.resolve("c").toString());
        main.bind("holdRoutes", new org.apache.camel.support.EventNotifierSupport() {
            @Override
            public boolean isEnabled(org.apache.camel.spi.CamelEvent event) {
                return event instanceof org.apache.camel.spi.CamelEvent.CamelContextRoutesStartingEvent;
            }

            @Override
            public void notify(org.apache.camel.spi.CamelEvent event) throws Exception {
                routesStarting.countDown();
                carryOn.await(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        });
        Thread starting = new Thread(() -> {
            try {
                main.start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        starting.start();
        try {
            assertThat(routesStarting.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            Http server = new Http(TestGateway.url(main));
            for (String path : List.of("/api/meters", "/", "/pge/notify")) {
                Http.Answer answer = server.get(path);
                assertThat(answer.status()).as(path).isEqualTo(503);
                assertThat(answer.header("Retry-After")).as(path).isEqualTo("1");
                assertThat(answer.header("Content-Security-Policy")).as(path).isNotNull();
                assertThat(answer.text()).contains("starting");
            }
            carryOn.countDown();
            starting.join(60_000);
            assertThat(server.get("/api/meters").status()).isEqualTo(200);
        } finally {
            carryOn.countDown();
            main.stop();
        }
    }
}
