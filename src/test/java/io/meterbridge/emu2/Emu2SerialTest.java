package io.meterbridge.emu2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.reading.Reading;
import io.meterbridge.serial.SocatPair;
import io.meterbridge.testing.TestGateway;

/**
 * An EMU-2 user's setup end to end: routes/examples/emu2.camel.yaml against a simulated device on a socat serial
 * pair that clobbers a fifth of its fragments and its first answer to every command. The gateway delivers every
 * whole fragment's reading and no clobbered one, and gets answers to its commands within the retry budget.
 */
@Timeout(90)
class Emu2SerialTest {

    @TempDir
    Path dir;

    @Test
    void everyWholeFragmentArrivesNoClobberedOneAndCommandsAreAnswered() throws Exception {
        SocatPair.requireSocat();
        List<Reading> readings = new CopyOnWriteArrayList<>();
        try (SocatPair line = new SocatPair(Files.createDirectory(dir.resolve("tty")))) {
            line.plugIn();
            Main main = TestGateway.newMain();
            main.addOverrideProperty("camel.main.routes-include-pattern", "file:routes/*.camel.yaml,file:routes/examples/emu2.camel.yaml");
            main.addOverrideProperty("camel.main.routes-exclude-pattern", "file:routes/p1.camel.yaml");
            main.addOverrideProperty("emu2.device", line.port().toString());
            main.addOverrideProperty("emu2.poll-interval", "1000");
            main.addOverrideProperty("emu2.timeout", "600");
            main.addOverrideProperty("emu2.backoff", "100");
            main.addOverrideProperty("files.directory", Files.createDirectory(dir.resolve("data")).toString());
            main.addOverrideProperty("hub.sinks", "direct:collect");
            main.configure().addRoutesBuilder(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:collect").split(body()).process(e -> readings.add(e.getMessage().getBody(Reading.class)));
                }
            });
            try (Emu2Simulator device = new Emu2Simulator(line.meter())) {
                main.start();
                try {
                    Thread.sleep(500); // the port opens
                    device.stream(60);
                    long until = System.nanoTime() + 20_000_000_000L;
                    while (System.nanoTime() < until && !(device.requests.contains("get_current_price") && demands(readings).stream().anyMatch(w -> w > 5000))) {
                        Thread.sleep(100);
                    }
                    Set<Integer> got = demands(readings);
                    assertThat(got).as("every whole fragment").containsAll(device.wholeDemands);
                    assertThat(got).as("no clobbered one").doesNotContainAnyElementsOf(device.clobberedDemands);
                    // the poll route initialised the device, and asked again where its first answer was clobbered
                    assertThat(device.requests).startsWith("initialize", "get_meter_list", "get_meter_list", "get_device_info", "get_device_info");
                    assertThat(got).as("answers to get_instantaneous_demand").anyMatch(w -> w > 5000);
                    assertThat(readings).anyMatch(r -> Double.valueOf(113007.485).equals(r.field("energy_import_kwh")));

                    ProducerTemplate template = main.getCamelContext().createProducerTemplate();
                    Fragment time = template.requestBody("direct:emu2-command", "get_time", Fragment.class);
                    assertThat(time.root()).isEqualTo("TimeCluster");
                    assertThatThrownBy(() -> template.requestBody("direct:emu2-command", "get_message"))
                            .isInstanceOf(CamelExecutionException.class).hasRootCauseMessage("EMU-2 refused the command: Unknown command");
                    int before = device.requests.size();
                    assertThatThrownBy(() -> template.requestBody("direct:emu2-command", "factory_reset"))
                            .hasRootCauseInstanceOf(Emu2CommandException.class);
                    Thread.sleep(200);
                    assertThat(device.requests.subList(before, device.requests.size())).doesNotContain("factory_reset");
                } finally {
                    main.stop();
                }
            }
        }
        // DeviceInfo's install code and link key never reach a file or the readings
        try (var files = Files.walk(dir.resolve("data"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("aabbccddeeff00112233445566778899");
            }
        }
        assertThat(readings.toString()).doesNotContain("aabbccddeeff");
    }

    private static Set<Integer> demands(List<Reading> readings) {
        Set<Integer> watts = ConcurrentHashMap.newKeySet();
        for (Reading r : readings) {
            if (r.field("power_import_w") instanceof Double w) {
                watts.add((int) Math.round(w));
            }
        }
        return watts;
    }
}
