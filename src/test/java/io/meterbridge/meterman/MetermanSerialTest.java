package io.meterbridge.meterman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.meterbridge.serial.SocatPair;
import io.meterbridge.testing.Http;
import io.meterbridge.testing.TestGateway;

/**
 * A meterman user's setup end to end: routes/examples/meterman.camel.yaml reading a simulated gateway hat on a
 * socat serial pair, into the embedded store, read back through the REST API. The radio loses one of node 2's
 * updates (a gap, reported with its energy, no reading invented); node 3 goes silent (SILENT, a DARK event, the
 * health check DOWN); the gateway's time request is answered; node commands are acknowledged or refused; the
 * network's AES key from the gateway snapshot is stored and logged nowhere.
 */
@Timeout(90)
class MetermanSerialTest {

    static final String TOKEN = "lee-write-token-000001";

    @TempDir
    Path dir;

    @Test
    void pulsesGapsSilenceAndCommandsThroughASerialPort() throws Exception {
        SocatPair.requireSocat();
        Path data = Files.createDirectory(dir.resolve("data"));
        try (SocatPair line = new SocatPair(Files.createDirectory(dir.resolve("tty")))) {
            line.plugIn();
            Main main = TestGateway.newMain();
            main.addOverrideProperty("camel.main.routes-include-pattern", "file:routes/*.camel.yaml,file:routes/examples/meterman.camel.yaml");
            main.addOverrideProperty("camel.main.routes-exclude-pattern", "file:routes/p1.camel.yaml");
            main.addOverrideProperty("meterman.device", line.port().toString());
            main.addOverrideProperty("meterman.snapshot-interval", "1000");
            main.addOverrideProperty("meterman.watch-interval", "300");
            main.addOverrideProperty("meterman.silent-after", "3000");
            main.addOverrideProperty("files.directory", data.toString());
            main.addOverrideProperty("hub.sinks", "direct:sink-store,direct:sink-jsonl");
            main.addOverrideProperty("api.tokens", "lee:write:" + TOKEN);
            Http api = new Http(TestGateway.url(main) + "/api");
            try (GatewaySimulator gateway = new GatewaySimulator(line.meter())) {
                main.start();
                AtomicBoolean running = new AtomicBoolean(true);
                try {
                    Thread.sleep(500); // the port opens
                    gateway.print("G>S:GMSG;2,GMSG,BOOT v10. Flags: 2 R_FLG 0x2");
                    gateway.print("G>S:GTIME");
                    gateway.print("G>S:MUP_;3,MUP_,1511737139,1203284;60,20");
                    gateway.print("G>S:MUP_;3,MUP_,1511737199,1203304;60,21");
                    gateway.print("G>S:CRAP"); // an unknown type: rejected, the stream goes on
                    for (int i = 0; i < 10; i++) {
                        gateway.update(i == 4, 10 + i, 11, 0, 9); // the fifth update is lost on the radio
                        Thread.sleep(30);
                    }
                    // node 2 keeps reporting; node 3 has gone quiet
                    Thread keepAlive = new Thread(() -> {
                        try {
                            while (running.get()) {
                                gateway.update(false, 5, 5, 5, 5);
                                Thread.sleep(400);
                            }
                        } catch (Exception e) {
                            // stopped
                        }
                    });
                    keepAlive.start();

                    JsonNode nodes = waitFor(api, "/nodes", n -> n.get("nodes").size() == 2
                            && alerts(n, 1).contains("SILENT") && n.get("nodes").get(0).get("gaps").asInt() == 1);
                    JsonNode two = nodes.get("nodes").get(0);
                    assertThat(two.get("node").asText()).isEqualTo("0.0.1.1.2");
                    assertThat(two.get("alerts").toString()).doesNotContain("SILENT");
                    assertThat(two.get("missedIntervals").asInt()).isEqualTo(4);
                    assertThat(two.get("missedWh").asLong()).isEqualTo(gateway.lostWh);
                    assertThat(two.get("batteryMv").asInt()).isEqualTo(4310);
                    JsonNode three = nodes.get("nodes").get(1);
                    assertThat(three.get("alerts").toString()).contains("SILENT", "LOW_BATTERY");
                    assertThat(three.get("rssiDbm").asInt()).isEqualTo(-88);

                    JsonNode events = api.get("/nodes/0.0.1.1.2/events").json().get("events");
                    assertThat(events).anyMatch(e -> e.get("type").asText().equals("GAP") && e.get("detail").asText().startsWith(gateway.lostWh + " Wh over 120 s"));
                    assertThat(events).anyMatch(e -> e.get("type").asText().equals("BOOT"));
                    // the watch route reports the silence once, as a DARK event
                    waitFor(api, "/nodes/0.0.1.1.3/events", n -> n.get("events").toString().contains("\"DARK\""));

                    // the time request was answered with the server's clock
                    String stime = gateway.received.stream().filter(l -> l.startsWith("S>G:STIME;")).findFirst().orElseThrow();
                    assertThat(Long.parseLong(stime.substring(10).strip())).isCloseTo(Instant.now().getEpochSecond(), within(10L));
                    assertThat(gateway.received).contains("S>G:GGWSNAP", "S>G:GNOSNAP;254");

                    // node commands: queued for a known node, refused for an unknown one
                    MetermanGateway commands = main.getCamelContext().getRegistry().lookupByNameAndType("metermanGateway", MetermanGateway.class);
                    assertThat(commands.control(2, "SMVAL", 120000)).startsWith("queued");
                    assertThat(gateway.received).contains("S>G:SMVAL;2,120000");
                    assertThatThrownBy(() -> commands.control(9, "SMINT", 60)).hasMessageContaining("refused SMINT;9,60");
                    assertThatThrownBy(() -> commands.control(2, "SMVAL", 0)).hasMessageContaining("out of range");
                    // the same through the API, as meterman's /nodectrl: a write token and a reason needed
                    String interval60 = "{\"command\":\"SMINT\",\"values\":[60],\"why\":\"slower updates save battery\"}";
                    assertThat(api.post("/nodes/0.0.1.1.2/commands", interval60, null).status()).isEqualTo(401);
                    Http.Answer queued = api.post("/nodes/0.0.1.1.2/commands", interval60, TOKEN);
                    assertThat(queued.status()).isEqualTo(202);
                    assertThat(queued.json().get("result").asText()).startsWith("queued");
                    assertThat(gateway.received).contains("S>G:SMINT;2,60");
                    Http.Answer unknown = api.post("/nodes/0.0.1.1.9/commands", interval60, TOKEN);
                    assertThat(unknown.status()).isEqualTo(409);
                    assertThat(unknown.json().get("error").asText()).contains("refused SMINT;9,60");
                    Http.Answer bad = api.post("/nodes/0.0.1.1.2/commands", "{\"command\":\"REBOOT\",\"values\":[1],\"why\":\"x\"}", TOKEN);
                    assertThat(bad.status()).isEqualTo(400);
                    assertThat(bad.json().get("error").asText()).contains("unknown node command REBOOT");

                    // readings in the store: one per interval sent, none for the lost update
                    running.set(false);
                    keepAlive.join();
                    String interval = "/meters/0.0.1.1.2/readings?fields=energy_import_interval_kwh,power_import_w&from=2017-11-26&to=2017-11-28";
                    JsonNode series = api.get(interval + "&limit=100000").json().get("series");
                    JsonNode intervals = series.get("energy_import_interval_kwh");
                    assertThat(intervals.size() % 4).isZero();
                    double sum = 0;
                    for (JsonNode p : intervals) {
                        sum += p.get("value").asDouble();
                    }
                    assertThat(sum * 1000).isCloseTo(gateway.sentWh, within(1e-6));
                    assertThat(series.get("power_import_w").get(0).get("value").asDouble()).isEqualTo(10 * 3600.0 / 30);
                    // the energy the cumulative total counted includes what the lost update carried: the node counted it
                    JsonNode energy = api.get("/meters/0.0.1.1.2/energy?from=2017-11-26&to=2017-11-28").json();
                    assertThat(energy.get("total").asDouble() * 1000).isCloseTo(gateway.sentWh + gateway.lostWh - 10, within(1e-6));

                    JsonNode health = new Http(TestGateway.observe(main)).get("/health").json();
                    assertThat(health.toString()).contains("source-meterman");
                    assertThat(health.get("status").asText()).isEqualTo("DOWN");
                } finally {
                    running.set(false);
                    main.stop();
                }
            }
        }
        // the gateway's AES key is in no file and not in the store
        try (var files = Files.walk(data)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(GatewaySimulator.AES_KEY);
            }
        }
    }

    private static String alerts(JsonNode nodes, int index) {
        JsonNode n = nodes.get("nodes").get(index);
        return n == null ? "" : n.get("alerts").toString();
    }

    private static JsonNode waitFor(Http api, String path, java.util.function.Predicate<JsonNode> done) throws Exception {
        long until = System.nanoTime() + 20_000_000_000L;
        JsonNode last = null;
        while (System.nanoTime() < until) {
            last = api.get(path).json();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not reached within 20 s: " + last);
    }
}
