package io.meterbridge.serial;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckAware;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.dsmr.TelegramWriter;
import io.meterbridge.reading.Reading;

/**
 * The serial component on a real pseudo-terminal pair: telegrams written by the "meter" arrive as readings,
 * also when split across writes; the cable pulled and plugged back, and a meter that goes silent, are
 * recovered from without restarting; readiness follows the port.
 */
@Timeout(90)
class SerialConsumerTest {

    @TempDir
    Path dir;

    private SocatPair line;
    private CamelContext camel;
    private final BlockingQueue<Reading> readings = new LinkedBlockingQueue<>();
    private final TelegramWriter meter = new TelegramWriter(5);
    private Instant clock = Instant.parse("2024-03-01T12:00:00Z");

    @BeforeEach
    void start() throws Exception {
        SocatPair.requireSocat();
        line = new SocatPair(dir);
        line.plugIn();
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("serial:" + line.port() + "?silenceTimeout=1500&reconnectDelay=100&maxReconnectDelay=400&readTimeout=100")
                        .routeId("p1")
                        .unmarshal().custom("dsmr")
                        .split(body())
                        .process(e -> readings.add(e.getMessage().getBody(Reading.class)));
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (camel != null) {
            camel.stop();
        }
        if (line != null) {
            line.close();
        }
    }

    private byte[] nextTelegram() {
        clock = clock.plusSeconds(1);
        return meter.next(clock);
    }

    private Reading nextElectricity() throws InterruptedException {
        while (true) {
            Reading r = readings.poll(15, TimeUnit.SECONDS);
            assertThat(r).as("a reading within 15 s").isNotNull();
            if (r.measurement().equals("electricity")) {
                return r;
            }
        }
    }

    private HealthCheck.State readiness() {
        HealthCheck check = ((HealthCheckAware) camel.getRoute("p1").getConsumer()).getHealthCheck();
        return check.call().getState();
    }

    private void awaitReadiness(HealthCheck.State state) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (readiness() != state) {
            assertThat(System.nanoTime()).as("readiness %s within 15 s", state).isLessThan(until);
            Thread.sleep(50);
        }
    }

    @Test
    void telegramsArriveAsReadingsEvenWhenSplitAcrossWrites() throws Exception {
        awaitReadiness(HealthCheck.State.UP);
        byte[] telegram = nextTelegram();
        line.send(java.util.Arrays.copyOf(telegram, 300));
        Thread.sleep(50);
        line.send(java.util.Arrays.copyOfRange(telegram, 300, telegram.length));
        Reading r = nextElectricity();
        assertThat(r.time()).isEqualTo(clock);
        assertThat(r.tag("meter")).isEqualTo(TelegramWriter.EQUIPMENT_ID);
        assertThat(r.fields()).containsKeys("energy_import_kwh", "power_import_w", "voltage_l1_v");
        for (int i = 0; i < 5; i++) {
            line.send(nextTelegram());
        }
        for (int i = 0; i < 5; i++) {
            assertThat(nextElectricity().time()).isEqualTo(clock.minusSeconds(4 - i));
        }
    }

    @Test
    void theCablePulledAndPluggedBackIsRecoveredFrom() throws Exception {
        awaitReadiness(HealthCheck.State.UP);
        line.send(nextTelegram());
        nextElectricity();
        line.unplug();
        awaitReadiness(HealthCheck.State.DOWN);
        Thread.sleep(700); // a few failed attempts with back-off
        line.plugIn();
        awaitReadiness(HealthCheck.State.UP);
        line.send(nextTelegram());
        assertThat(nextElectricity().time()).isEqualTo(clock);
    }

    @Test
    void garbageWithoutTelegramsCountsAsSilence() throws Exception {
        awaitReadiness(HealthCheck.State.UP);
        line.send(nextTelegram());
        nextElectricity();
        // a meter at another baud rate: bytes, but never a telegram
        for (int i = 0; i < 20; i++) {
            line.send(new byte[] { (byte) 0xF3, 0x1C, 0x7F, 0x00, (byte) 0x88 });
            Thread.sleep(100);
        }
        awaitReadiness(HealthCheck.State.DOWN);
        line.send(nextTelegram());
        assertThat(nextElectricity().time()).isEqualTo(clock);
    }

    @Test
    void aSilentMeterMakesThePortReopenAndReadinessReportIt() throws Exception {
        awaitReadiness(HealthCheck.State.UP);
        line.send(nextTelegram());
        nextElectricity();
        Thread.sleep(2500); // longer than silenceTimeout: the consumer reopens the port
        line.send(nextTelegram());
        assertThat(nextElectricity().time()).isEqualTo(clock);
        List<String> log = java.nio.file.Files.readAllLines(dir.resolve("socat.log"));
        assertThat(log).as("socat ran without errors").noneMatch(l -> l.contains(" E "));
    }
}
