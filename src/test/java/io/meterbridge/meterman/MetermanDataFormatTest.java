package io.meterbridge.meterman;

import io.meterbridge.testing.TestCorpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.meterbridge.framing.Frame;
import io.meterbridge.framing.FramingConstants;
import io.meterbridge.framing.LineFramer;
import io.meterbridge.reading.Reading;

/**
 * The meterman gateway's lines through the data format: the node README's worked example, the synthetic gateway
 * session and the server's test strings from src/test/resources/corpus/meterman (with the values its MANIFEST gives), gaps,
 * and corrupt, truncated, oversized and hostile lines.
 */
class MetermanDataFormatTest {

    static final Path CORPUS = TestCorpus.of("meterman");
    static final Instant NOW = Instant.parse("2017-11-26T23:02:00Z");

    private final DefaultCamelContext context = new DefaultCamelContext();
    private MeterNodes nodes;
    private MetermanDataFormat format;

    @BeforeEach
    void setUp() {
        nodes = new MeterNodes();
        nodes.setClock(Clock.fixed(NOW, ZoneOffset.UTC));
        format = new MetermanDataFormat();
        format.setNodes(nodes);
    }

    @SuppressWarnings("unchecked")
    private List<Reading> read(String line) throws Exception {
        Exchange exchange = new DefaultExchange(context);
        return (List<Reading>) format.unmarshal(exchange, line.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Every line of a stream, through the line framer as the serial consumer does; rejected lines counted. */
    private List<Reading> readAll(byte[] stream, List<String> rejected) throws Exception {
        List<Reading> all = new ArrayList<>();
        new LineFramer(512).feed(stream, 0, stream.length, frame -> {
            try {
                all.addAll(read(new String(frame.bytes(), StandardCharsets.ISO_8859_1)));
            } catch (MetermanRejectedException e) {
                rejected.add(e.getMessage());
            }
        });
        return all;
    }

    @Test
    void theNodeReadmesWorkedExample() throws Exception {
        List<Reading> r = read("G>S:MUP_;2,MUP_,1511737199,5622;30,10;30,10;30,10;30,10;");
        assertThat(r).hasSize(4);
        assertThat(r).extracting(Reading::time).containsExactly(Instant.parse("2017-11-26T23:00:00Z"),
                Instant.parse("2017-11-26T23:00:30Z"), Instant.parse("2017-11-26T23:01:00Z"), Instant.parse("2017-11-26T23:01:30Z"));
        assertThat(r).extracting(x -> x.field("energy_import_kwh")).containsExactly(5.632, 5.642, 5.652, 5.662);
        assertThat(r).extracting(x -> x.field("power_import_w")).containsOnly(1200.0);
        assertThat(r).extracting(x -> x.field("energy_import_interval_kwh")).containsOnly(0.01);
        assertThat(r).extracting(x -> x.field("duration_s")).containsOnly(30L);
        assertThat(r.get(0).tags()).containsEntry("meter", "0.0.1.1.2").containsEntry("source", "meterman");
    }

    @Test
    void theSyntheticGatewaySession() throws Exception {
        Path session = CORPUS.resolve("synthetic_from_firmware/gateway_uart_session_gateway_to_pi.txt");
        List<String> rejected = new ArrayList<>();
        List<Reading> all = readAll(Files.readAllBytes(session), rejected);
        assertThat(rejected).isEmpty();
        // the file has 8 DEBUG/INFO lines (its MANIFEST says 6); the blank line after the split NOSNAP is not counted
        assertThat(format.consoleLines()).as("DEBUG and INFO lines").isEqualTo(8);

        assertThat(events(all, "0.0.1.1.2")).containsExactly("BOOT");
        assertThat(events(all, "0.0.1.1.3")).containsExactly("LOW_BATTERY", "DARK");
        Reading rebase = all.stream().filter(x -> x.field("rebase") != null).findFirst().orElseThrow();
        assertThat(rebase.time()).isEqualTo(Instant.parse("2017-11-26T22:59:00Z"));
        assertThat(rebase.field("energy_import_kwh")).isEqualTo(5.622);

        List<Reading> intervals = all.stream().filter(x -> x.field("energy_import_interval_kwh") != null).toList();
        assertThat(intervals).extracting(x -> x.field("energy_import_kwh"))
                .containsExactly(5.632, 5.642, 5.652, 5.662, 5.674, 5.685, 5.685, 5.694);
        assertThat(intervals.subList(4, 8)).extracting(x -> x.field("power_import_w")).containsExactly(1440.0, 1320.0, 0.0, 1080.0);
        assertThat(all).noneMatch(x -> "GAP".equals(x.field("event")));

        // both nodes of the split NOSNAP recovered; node 3's battery below 3.0 V
        List<NodeHealth> health = nodes.health();
        assertThat(health).extracting(NodeHealth::node).containsExactly("0.0.1.1.2", "0.0.1.1.3");
        NodeHealth two = health.get(0);
        assertThat(two.batteryMv()).isEqualTo(4310);
        assertThat(two.rssiDbm()).isEqualTo(-71);
        assertThat(two.impulsesPerKwh()).isEqualTo(1000);
        assertThat(two.intervalS()).isEqualTo(30);
        assertThat(two.alerts()).isEmpty();
        NodeHealth three = health.get(1);
        assertThat(three.batteryMv()).isEqualTo(2950);
        assertThat(three.impulsesPerKwh()).isEqualTo(3200);
        assertThat(three.intervalS()).isEqualTo(60);
        assertThat(three.rssiDbm()).isEqualTo(-88);
        assertThat(three.clockDriftS()).isEqualTo(-2);
        assertThat(three.alerts()).containsExactly("SILENT", "LOW_BATTERY");
        // the gateway snapshot's AES key is nowhere
        assertThat(all.toString()).doesNotContain("CHANGE_ME_PLEASE");
    }

    private static List<String> events(List<Reading> all, String node) {
        return all.stream().filter(x -> node.equals(x.tag("meter")) && x.field("event") != null).map(x -> (String) x.field("event")).toList();
    }

    @Test
    void theServersTestLines() throws Exception {
        assertThatThrownBy(() -> read("G>S:CRAP")).isInstanceOf(MetermanRejectedException.class).hasMessageContaining("unknown gateway message type 'CRAP'");
        assertThatThrownBy(() -> read("G>S:MUP_;2,MUP_,DEBUG:")).isInstanceOf(MetermanRejectedException.class).hasMessageContaining("'DEBUG:' is not a whole number");
        // a millisecond-sized placeholder is not a time the node can send
        assertThatThrownBy(() -> read("G>S:MUP_;2,MUP_,1496842913428,18829393;15,1;15,5;15,2;16,3;"))
                .isInstanceOf(MetermanRejectedException.class).hasMessageContaining("1496842913428 out of range");
        assertThatThrownBy(() -> read("G>S:MUP_;2,MUP_,1496842913428,18829393;15,1;15,5;15,2;16,3"))
                .isInstanceOf(MetermanRejectedException.class).hasMessageContaining("out of range");
        // the same with a time in seconds: the MANIFEST's cumulative values, with or without the trailing ';'
        assertThat(read("G>S:MUP_;2,MUP_,1496842913,18829393;15,1;15,5;15,2;16,3;")).extracting(x -> x.field("energy_import_kwh"))
                .containsExactly(18829.394, 18829.399, 18829.401, 18829.404);
        setUp();
        assertThat(read("G>S:MUP_;2,MUP_,1496842913,18829393;15,1;15,5;15,2;16,3")).extracting(x -> x.field("duration_s"))
                .containsExactly(15L, 15L, 15L, 16L);
        // the pre-2018 format is not the current protocol
        assertThatThrownBy(() -> read("G>S:MTRUPDATE;2,MUP;1483228800,100000;10,1;10,5;10,3")).hasMessageContaining("unknown gateway message type 'MTRUPDATE'");
    }

    @Test
    void everyExampleOfTheMessageDefinitions() throws Exception {
        Path examples = CORPUS.resolve("leehonan_meterman-server/gateway_messages_py_examples.txt");
        int read = 0;
        for (String line : Files.readAllLines(examples, StandardCharsets.ISO_8859_1)) {
            if (line.isBlank() || line.startsWith("S") && !line.startsWith("SMVAL_") && !line.startsWith("SMINT_")
                    && !line.startsWith("SPLED_") && !line.startsWith("SGITR_") && !line.startsWith("STIME_")) {
                continue; // server → gateway commands
            }
            if (line.startsWith("G") && (line.startsWith("GGWSNAP") || line.startsWith("GNOSNAP;"))) {
                continue;
            }
            setUp();
            try {
                read("G>S:" + line);
                read++;
            } catch (MetermanRejectedException e) {
                // the examples use the millisecond placeholder 1496842913428 for times: only those may fail
                assertThat(e.getMessage()).as(line).contains("1496842913428 out of range");
            }
        }
        assertThat(read).isGreaterThanOrEqualTo(8);
        setUp();
        // the README's 14-field NOSNAP and the firmware's 15-field one
        read("G>S:NOSNAP;2,4500,15000,20000,600,1511737319,500,5,1000,1511737319,3050,1,100,-70");
        assertThat(nodes.health().get(0).batteryMv()).isEqualTo(4500);
        assertThat(nodes.health().get(0).rssiDbm()).isEqualTo(-70);
        assertThat(nodes.health().get(0).alerts()).contains("CLOCK_DRIFT");
        List<Reading> withCurrent = read("G>S:MUPC;2,MUPC,1511737199,18829393;15,1,10.2;15,5,10.7;");
        assertThat(withCurrent).extracting(x -> x.field("current_a")).containsExactly(10.2, 10.7);
    }

    @Test
    void aLostUpdateIsAGapWithItsEnergyButNoInventedReadings() throws Exception {
        read("G>S:MUP_;2,MUP_,1511737199,5622;30,10;30,10;30,10;30,10");
        // the next update (…1319, 5662) was lost on the radio; this one starts where that one ended
        List<Reading> r = read("G>S:MUP_;2,MUP_,1511737439,5700;30,12;30,11;30,0;30,9");
        assertThat(r).hasSize(5);
        Reading gap = r.get(0);
        assertThat(gap.field("event")).isEqualTo("GAP");
        assertThat(gap.field("missed_energy_kwh")).isEqualTo(0.038);
        assertThat(gap.field("missed_s")).isEqualTo(120L);
        assertThat(gap.time()).isEqualTo(Instant.parse("2017-11-26T23:02:00Z"));
        assertThat(r.subList(1, 5)).extracting(Reading::time).first().isEqualTo(Instant.parse("2017-11-26T23:04:00Z"));
        NodeHealth h = nodes.health().get(0);
        assertThat(h.gaps()).isEqualTo(1);
        assertThat(h.missedIntervals()).isEqualTo(4);
        assertThat(h.missedWh()).isEqualTo(38);
        assertThat(h.alerts()).contains("MISSED_INTERVALS");
        // the radio repeats an update: refused, not counted twice
        assertThatThrownBy(() -> read("G>S:MUP_;2,MUP_,1511737199,5622;30,10;30,10;30,10;30,10"))
                .hasMessageContaining("repeats or precedes");
        // a rebase restarts the basis: the next update continues from it, no gap
        read("G>S:MREB;2,MREB,1511737560,120000");
        assertThat(read("G>S:MUP_;2,MUP_,1511737560,120000;30,5")).hasSize(1);
        assertThat(nodes.health().get(0).gaps()).isEqualTo(1);
    }

    @Test
    void aGapAcrossARestartIsSeenToo(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String state = dir.resolve("meterman/nodes.json").toString();
        nodes.setStateFile(state);
        read("G>S:MUP_;2,MUP_,1511737199,5622;30,10;30,10;30,10;30,10");
        read("G>S:NOSNAP;2,4310,300,240,380,1511737319,0,30,1000,1511737319,5662,0.00,0,100,-71");
        // the gateway restarts; an update was lost meanwhile
        setUp();
        nodes.setStateFile(state);
        assertThat(nodes.health().get(0).batteryMv()).isEqualTo(4310);
        List<Reading> r = read("G>S:MUP_;2,MUP_,1511737439,5700;30,12");
        assertThat(r.get(0).field("event")).isEqualTo("GAP");
        assertThat(r.get(0).field("missed_energy_kwh")).isEqualTo(0.038);
        // a state file that cannot be read is set aside, never fatal
        java.nio.file.Files.writeString(Path.of(state), "{not json");
        setUp();
        nodes.setStateFile(state);
        assertThat(nodes.health()).isEmpty();
        assertThat(dir.resolve("meterman/nodes.json.unreadable")).exists();
    }

    @Test
    void aNodeSetUpWithTheWrongImpulsesPerKwhIsScaledToItsMeter() throws Exception {
        format.setImpulsesPerKwh("0.0.1.1.3=3200");
        // node 3 counts at the firmware's default 1000 until its snapshot says otherwise: 3200 pulses read as 3200 Wh
        List<Reading> r = read("G>S:MUP_;3,MUP_,1511737199,3200;60,320");
        assertThat(r.get(0).field("energy_import_interval_kwh")).isEqualTo(0.1);
        assertThat(r.get(0).field("energy_import_kwh")).isEqualTo(1.1);
        assertThat(r.get(0).field("power_import_w")).isEqualTo(6000.0);
        // once the node reports 3200 itself, its values are taken as they are
        read("G>S:NOSNAP;3,4000,86400,86000,379,1511737259,0,60,3200,1511737259,3520,0.00,0,100,-60");
        assertThat(read("G>S:MUP_;3,MUP_,1511737259,3520;60,100").get(0).field("energy_import_interval_kwh")).isEqualTo(0.1);
        // node 2 is not listed: as reported
        assertThat(read("G>S:MUP_;2,MUP_,1511737199,5622;30,10").get(0).field("energy_import_interval_kwh")).isEqualTo(0.01);
        assertThatThrownBy(() -> format.setImpulsesPerKwh("0.0.1.1.3=0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void corruptTruncatedOversizedAndHostileLines() throws Exception {
        String[] bad = {
            "G>S:", "G>S:;", "G>S:MUP_", "G>S:MUP_;", "G>S:MUP_;2", "G>S:MUP_;2,MUP_,1511737199", "G>S:MUP_;2,MUP_,1511737199,5622",
            "G>S:MUP_;2,MUP_,1511737199,5622;30", "G>S:MUP_;2,MUP_,1511737199,5622;0,10", "G>S:MUP_;2,MUP_,1511737199,5622;30,-1",
            "G>S:MUP_;2,MUP_,1511737199,5622;30,99999999", "G>S:MUP_;2,MUP_,1511737199,-5;30,1", "G>S:MUP_;0,MUP_,1511737199,5;30,1",
            "G>S:MUP_;999,MUP_,1511737199,5;30,1", "G>S:MUP_;2,MUP_,1511737199,99999999999;30,1", "G>S:MUP_;2,MUP_,1e9,5;30,1",
            "G>S:MUP_;2,MUP_,1511737199,5622" + ";30,1".repeat(20), "G>S:MUPC;2,MUPC,1511737199,5;30,1", "G>S:MUPC;2,MUPC,1511737199,5;30,1,NaN",
            "G>S:NOSNAP;2,4310", "G>S:NOSNAP;2,4310,300,240,380,1511737319,0,30,1000,1511737319,5662,0.00,0,100,-71,9,9",
            "G>S:NDARK;3", "G>S:MREB;2,MREB", "G>S:GWSNAP;1,1511730000,512,1511737321,INFO,KEY,'; DROP TABLE x;--,19",
            "G>S:MUP_;2\u0000,MUP_,1511737199,5622;30,10", "G>S:\u00ff\u00fe\u0001", "G>S:mup_;2,MUP_,1511737199,5622;30,10",
        };
        for (String line : bad) {
            setUp();
            assertThatThrownBy(() -> read(line)).as(line).isInstanceOf(MetermanRejectedException.class);
        }
        // what is rejected never reaches the node state
        assertThat(nodes.health()).isEmpty();
        // a line over the framer's limit arrives cut and marked, and is refused as such
        List<Frame> frames = new ArrayList<>();
        byte[] flood = ("G>S:MUP_;2,MUP_,1511737199,5622" + ";30,1".repeat(10_000) + "\r\nG>S:GTIME\r\n").getBytes(StandardCharsets.US_ASCII);
        new LineFramer(512).feed(flood, 0, flood.length, frames::add);
        assertThat(frames).extracting(Frame::status).containsExactly(Frame.Status.OVERSIZED, Frame.Status.COMPLETE);
        assertThat(frames.get(0).bytes()).hasSize(512);
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeader(FramingConstants.FRAME_STATUS, Frame.Status.OVERSIZED);
        assertThatThrownBy(() -> format.unmarshal(exchange, frames.get(0).bytes())).hasMessageContaining("line longer than the frame limit");
        // console noise in between is skipped and counted, never an error
        assertThat(read("DEBUG: Got msg: MUP_,1511737199,5622;30,10. RSSI = -71")).isEmpty();
        assertThat(read("\u0000\u0001garbage")).isEmpty();
        assertThat(format.consoleLines()).isEqualTo(2);
    }
}
