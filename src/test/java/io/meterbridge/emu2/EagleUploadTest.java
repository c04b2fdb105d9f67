package io.meterbridge.emu2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.testing.Readme;
import io.meterbridge.testing.TestCorpus;
import io.meterbridge.testing.TestGateway;

/**
 * A Rainforest EAGLE's uploader posting to the README's route, as printed. No EAGLE is here: the post is what its
 * uploader sends (an EMU-2 fragment, here a real one from the corpus, inside a {@code <rainforest>} element); the
 * reading must come out exactly as the same fragment from a serial EMU-2 does (Emu2CorpusTest's values).
 */
@Timeout(60)
class EagleUploadTest {

    @TempDir
    Path dir;

    @Test
    void anUploadGivesTheReadingAnEmu2Gives() throws Exception {
        Path data = dir.resolve("data");
        Main main = TestGateway.withRoute(dir, "eagle.camel.yaml", Readme.yamlBlock("# routes/eagle.camel.yaml"));
        main.start();
        try {
            String fragment = Files.readString(TestCorpus.of("emu2").resolve("abaker_emu2influx/test_demand_InstantaneousDemand.xml"));
            String upload = "<rainforest macId=\"0xd8d5b9000000f8bc\" version=\"undefined\" timestamp=\"1539022451s\">\n"
                    + fragment + "</rainforest>\n";
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(TestGateway.url(main) + "/eagle"))
                    .header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofString(upload)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            Path csv = data.resolve("readings-electricity-2018-10-08.csv");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> Files.exists(csv));
            List<String> rows = Files.readAllLines(csv);
            String header = rows.get(0);
            assertThat(rows).hasSize(2);
            List<String> columns = List.of(header.split(","));
            String[] row = rows.get(1).split(",", -1);
            assertThat(row[columns.indexOf("time")]).isEqualTo("2018-10-08T18:14:11Z");
            assertThat(row[columns.indexOf("meter")]).isEqualTo("00135003005dba2b");
            assertThat(Double.parseDouble(row[columns.indexOf("power_import_w")])).isEqualTo(333.0);
            // a GET is no upload
            assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(TestGateway.url(main) + "/eagle")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isGreaterThanOrEqualTo(400);
        } finally {
            main.stop();
        }
    }
}
