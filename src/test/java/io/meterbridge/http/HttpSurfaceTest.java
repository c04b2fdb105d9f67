package io.meterbridge.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.testing.TestGateway;

/**
 * README, "The HTTP surface": the real server, asked as an attacker on the same network would. Every answer carries
 * the security headers; no request header comes back; a token in the URL is refused before it is read; an API
 * write that is not JSON (a browser's cross-site form) is refused with 415 and a JSON error, never a stack trace;
 * by default both ports listen on this machine only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpSurfaceTest {

    private static final String WRITER = "alice-write-token-0001";

    @TempDir
    static Path dir;
    private Main main;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        main = TestGateway.newMain();
        main.addOverrideProperty("camel.main.routes-exclude-pattern", "file:routes/p1.camel.yaml");
        main.addOverrideProperty("files.directory", dir.toString());
        main.addOverrideProperty("hub.sinks", "direct:sink-store");
        main.addOverrideProperty("api.tokens", "alice:write:" + WRITER);
        main.start();
    }

    @AfterAll
    void stop() {
        main.stop();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder to(String path) {
        return HttpRequest.newBuilder(URI.create(TestGateway.url(main) + path));
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        for (String path : List.of("/", "/dashboard.js", "/api/meters", "/api/openapi.json", "/no/such/page", "/api/meters/x/energy")) {
            HttpResponse<String> answer = send(to(path));
            assertThat(answer.headers().firstValue("Content-Security-Policy")).as(path).hasValue(HttpGuard.CONTENT_SECURITY_POLICY);
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(answer.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
            assertThat(HttpGuard.CONTENT_SECURITY_POLICY).contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
        }
    }

    @Test
    void noRequestHeaderComesBack() throws Exception {
        for (HttpRequest.Builder request : List.of(to("/api/meters"), to("/api/adjustments?meter=x"), to("/"),
                to("/api/adjustments").POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json"))) {
            HttpResponse<String> answer = send(request.header("X-Injected", "evil").header("Authorization", "Bearer " + WRITER)
                    .header("X-Forwarded-Host", "attacker.example"));
            assertThat(answer.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("X-Injected")
                    || h.equalsIgnoreCase("Authorization") || h.equalsIgnoreCase("X-Forwarded-Host"));
            assertThat(answer.body()).doesNotContain(WRITER);
        }
    }

    @Test
    void aTokenInTheUrlIsRefused() throws Exception {
        for (String name : List.of("token", "access_token", "apikey")) {
            HttpResponse<String> answer = send(to("/api/meters?" + name + "=" + WRITER));
            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(answer.body()).startsWith("{\"status\":400").contains("Authorization: Bearer").doesNotContain(WRITER);
        }
    }

    @Test
    void aFormPostNeverWritesAndNoErrorShowsInternals() throws Exception {
        HttpResponse<String> form = send(to("/api/adjustments").header("Authorization", "Bearer " + WRITER)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=delete&meter=x&why=csrf")));
        assertThat(form.statusCode()).isEqualTo(415);
        HttpResponse<String> none = send(to("/api/adjustments/1/revert").header("Authorization", "Bearer " + WRITER)
                .POST(HttpRequest.BodyPublishers.ofString("{\"why\":\"x\"}")));
        assertThat(none.statusCode()).isEqualTo(415);
        for (HttpResponse<String> answer : List.of(form, none)) {
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("io.meterbridge");
        }
    }

    /** Both ports listen on 127.0.0.1: from another address of this machine, nothing answers. */
    @Test
    void theServerListensOnThisMachineOnly() throws Exception {
        InetAddress other = null;
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (!address.isLoopbackAddress() && address instanceof java.net.Inet4Address) {
                    other = address;
                }
            }
        }
        try (Socket local = new Socket()) {
            local.connect(new InetSocketAddress("127.0.0.1", TestGateway.port(main)), 2000);
        }
        if (other == null) {
            return; // this machine has no address but loopback: nothing more to try
        }
        try (Socket remote = new Socket()) {
            InetAddress address = other;
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> remote.connect(new InetSocketAddress(address, TestGateway.port(main)), 2000))
                    .isInstanceOf(IOException.class);
        }
    }
}
