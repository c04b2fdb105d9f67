package io.meterbridge.dsmr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.meterbridge.testing.CapturedLog;
import io.meterbridge.testing.Readme;
import io.meterbridge.testing.TestGateway;

/**
 * A HomeWizard Wi-Fi P1 meter through its local API. No such meter is here: a stand-in answers GET /api/v1/telegram
 * as HomeWizard's API documentation specifies (the last telegram the meter read, text/plain), with real DSMR telegrams.
 * The route is the README's, as printed, with the stand-in's address.
 */
@Timeout(90)
class HomeWizardSourceTest {

    private static final Instant START = Instant.parse("2024-06-01T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void telegramsAreAskedForCheckedAndStoredAndAnOutageIsOneLine() throws Exception {
        TelegramWriter meter = new TelegramWriter(21);
        AtomicInteger asked = new AtomicInteger();
        HttpServer homewizard = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        homewizard.createContext("/api/v1/telegram", http -> {
            byte[] telegram = meter.next(START.plusSeconds(asked.getAndIncrement()));
            http.getResponseHeaders().add("Content-Type", "text/plain");
            http.sendResponseHeaders(200, telegram.length);
            http.getResponseBody().write(telegram);
            http.close();
        });
        homewizard.start();
        String host = "127.0.0.1:" + homewizard.getAddress().getPort();
        Path data = dir.resolve("data");
        Main main = TestGateway.withRoute(dir, "homewizard.camel.yaml", Readme.yamlBlock("# routes/homewizard.camel.yaml, in place of routes/p1.camel.yaml")
                .replace("192.168.1.60", host).replace("interval=1000", "interval=200"));
        main.start();
        try {
            Path csv = data.resolve("readings-electricity-2024-06-01.csv");
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.exists(csv) && Files.readAllLines(csv).size() > 10);
            assertThat(Files.readAllLines(csv).get(1)).startsWith(START + ",");
            homewizard.stop(0);
            Thread.sleep(2000); // ten polls that fail
            assertThat(CapturedLog.messages().stream().filter(m -> m.contains("HomeWizard P1 meter " + host + " unreachable")))
                    .as("one line for the outage, not one per poll").hasSize(1);
        } finally {
            main.stop();
        }
    }

}
