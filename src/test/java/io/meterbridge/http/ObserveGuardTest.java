package io.meterbridge.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Collections;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.testing.FreePort;
import io.meterbridge.testing.TestGateway;

/**
 * The management port opened to the network with observe.loopback-only: from this machine's own network address (not
 * loopback) the bare probes answer and metrics and health details are refused; from loopback everything answers.
 */
@Timeout(60)
class ObserveGuardTest {

    @TempDir
    Path dir;

    @Test
    void probesAnswerEveryoneDetailsAndMetricsOnlyThisMachine() throws Exception {
        InetAddress network = null;
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (!address.isLoopbackAddress() && address instanceof Inet4Address) {
                    network = address;
                }
            }
        }
        if (network == null && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("this machine has no network address besides loopback to ask from");
        }
        Assumptions.assumeTrue(network != null, "no network address besides loopback: nothing to ask from");
        int port = FreePort.next();
        Main main = TestGateway.newMain();
        main.addOverrideProperty("camel.main.routes-exclude-pattern", "file:routes/p1.camel.yaml");
        main.addOverrideProperty("files.directory", dir.toString());
        main.addOverrideProperty("camel.management.host", "0.0.0.0");
        main.addOverrideProperty("camel.management.port", String.valueOf(port));
        main.addOverrideProperty("observe.loopback-only", "true");
        main.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String remote = "http://" + network.getHostAddress() + ":" + port + "/observe";
            String local = "http://127.0.0.1:" + port + "/observe";
            assertThat(status(http, remote + "/metrics")).isEqualTo(403);
            assertThat(status(http, remote + "/health?data=true")).isEqualTo(403);
            assertThat(status(http, remote + "/health")).isEqualTo(403);
            assertThat(status(http, remote + "/health/live")).isEqualTo(200);
            assertThat(status(http, remote + "/health/ready")).isIn(200, 503);
            assertThat(status(http, remote + "/health/ready?data=true")).isEqualTo(403);
            assertThat(status(http, local + "/metrics")).isEqualTo(200);
            assertThat(status(http, local + "/health?data=true")).isIn(200, 503);
        } finally {
            main.stop();
        }
    }

    private static int status(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
