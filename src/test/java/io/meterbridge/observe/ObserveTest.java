package io.meterbridge.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.meterbridge.testing.Http;
import io.meterbridge.testing.TestGateway;

/**
 * What an operator's Prometheus and probes see of the default run: the demo capture's telegrams by validity, its CRC
 * errors, readings per source and per sink, the last reading's age; and per-source freshness in /observe/health,
 * UP while readings arrive, DOWN once a source is silent longer than expected (or never sent anything).
 */
@Timeout(90)
class ObserveTest {

    @TempDir
    Path dir;

    @Test
    void metricsCountWhatTheDemoDeliveredAndHealthSaysWhichSourceWentSilent() throws Exception {
        Main main = TestGateway.newMain();
        main.addOverrideProperty("files.directory", dir.toString());
        main.addOverrideProperty("p1.uri", "replay:demo/p1-capture.log?delay=5");
        main.addOverrideProperty("observe.expected", "dsmr:6000,glow:4000");
        main.start();
        try {
            Http observe = new Http(TestGateway.observe(main));
            String metrics = "";
            long until = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < until && value(metrics, "meterbridge_sink_readings_total\\{outcome=\"delivered\",sink=\"store\"\\}") < 596) {
                Thread.sleep(200);
                metrics = observe.get("/metrics").text();
            }
            JsonNode health = observe.get("/health?data=true").json();
            assertThat(check(health, "fresh-dsmr").get("status").asText()).isEqualTo("UP");

            // 301 frames: 296 valid, 2 corrected, 3 rejected (one of them for its CRC); 298 telegrams × electricity and gas
            assertThat(value(metrics, "meterbridge_telegrams_total\\{validity=\"valid\"\\}")).isEqualTo(296);
            assertThat(value(metrics, "meterbridge_telegrams_total\\{validity=\"corrected\"\\}")).isEqualTo(2);
            assertThat(value(metrics, "meterbridge_telegrams_total\\{validity=\"rejected\"\\}")).isEqualTo(3);
            assertThat(value(metrics, "meterbridge_crc_errors_total")).isEqualTo(3);
            assertThat(value(metrics, "meterbridge_readings_total\\{source=\"dsmr\"\\}")).isEqualTo(596);
            // the files hold each gas reading once (two in five minutes), not once per telegram
            assertThat(value(metrics, "meterbridge_sink_readings_total\\{outcome=\"delivered\",sink=\"csv\"\\}")).isEqualTo(300);
            assertThat(value(metrics, "meterbridge_sink_readings_total\\{outcome=\"delivered\",sink=\"jsonl\"\\}")).isEqualTo(300);
            assertThat(value(metrics, "meterbridge_last_reading_age_seconds\\{source=\"dsmr\"\\}")).isBetween(0.0, 10.0);
            assertThat(value(metrics, "meterbridge_decrypt_frames_total\\{outcome=\"failed\"\\}")).isZero();
            // the JVM's own: heap in use, CPU, uptime, open files
            assertThat(sum(metrics, "jvm_memory_used_bytes\\{area=\"heap\",id=\"[^\"]+\"\\}")).isPositive();
            assertThat(value(metrics, "process_cpu_usage")).isBetween(0.0, 1.0);
            assertThat(value(metrics, "process_uptime_seconds")).isPositive();
            assertThat(value(metrics, "process_files_open_files")).isPositive();

            // the replay is over: the meter is silent, and glow never said anything
            until = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < until && !check(health, "fresh-dsmr").get("status").asText().equals("DOWN")) {
                Thread.sleep(500);
                health = observe.get("/health?data=true").json();
            }
            assertThat(check(health, "fresh-dsmr").get("message").asText()).startsWith("dsmr has been silent for");
            assertThat(check(health, "fresh-glow").get("message").asText()).startsWith("glow has sent nothing since start");
            assertThat(observe.get("/health/ready").status()).isEqualTo(503);
            assertThat(observe.get("/health/live").status()).isEqualTo(200);
        } finally {
            main.stop();
        }
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode c : health.get("checks")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }

    private static double sum(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " ([0-9.eE+-]+)$").matcher(metrics);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    private static double value(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " ([0-9.eE+-]+|NaN)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
