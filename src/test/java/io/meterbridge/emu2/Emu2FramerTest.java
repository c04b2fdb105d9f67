package io.meterbridge.emu2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.meterbridge.reading.Reading;

/** The EMU-2 stream as devices damage it, and input made to hurt: whole fragments survive, nothing else gets in. */
class Emu2FramerTest {


    private static List<String> roots(String stream) throws Exception {
        List<String> out = new ArrayList<>();
        byte[] bytes = stream.getBytes(StandardCharsets.ISO_8859_1);
        Emu2Framer framer = new Emu2Framer(4096);
        // fed in small pieces, as a serial port delivers it
        for (int i = 0; i < bytes.length; i += 7) {
            framer.feed(bytes, i, Math.min(7, bytes.length - i), f -> {
                try {
                    out.add(FragmentReader.read(f.bytes()).get("Demand"));
                } catch (FragmentRejectedException damaged) {
                    // whole by its tags, broken inside (bytes dropped): the reader refuses it, as it should
                }
            });
        }
        return out;
    }

    @Test
    void everyClobberFormLosesOnlyTheClobberedFragment() throws Exception {
        String a = Emu2Simulator.demand(1, 100);
        String b = Emu2Simulator.demand(2, 101);
        String c = Emu2Simulator.demand(3, 102);
        // a new root mid-line, after a newline, joined without whitespace, dropped bytes, an XML prolog, debug text
        assertThat(roots(a.substring(0, 120) + b + c)).containsExactly("0x2", "0x3");
        assertThat(roots(a.substring(0, 120) + "\r\n" + b)).containsExactly("0x2");
        assertThat(roots(a.replace("\r\n", "").substring(0, 150) + b.replace("\r\n", ""))).containsExactly("0x2");
        assertThat(roots(a.replace("</Demand>", "</Demnd>") + b)).hasSize(1).containsExactly("0x2");
        assertThat(roots("<?xml version=\"1.0\"?>" + a)).containsExactly("0x1");
        assertThat(roots("ZPS_EVENT_NWK_JOINED_AS_ENDDEVICE\r\n" + a + "garbage</Leftovers>" + b)).containsExactly("0x1", "0x2");
        assertThat(roots(a.replace("<InstantaneousDemand>", "<instantaneousdemand>").replace("</InstantaneousDemand>", "</INSTANTANEOUSDEMAND>")))
                .containsExactly("0x1");
    }

    @Test
    void oversizedAndRandomInputIsDroppedWithoutHarm() throws Exception {
        String huge = "<InstantaneousDemand>" + "<DeviceMacId>0x1</DeviceMacId>".repeat(500) + "</InstantaneousDemand>";
        assertThat(roots(huge + Emu2Simulator.demand(5, 1))).containsExactly("0x5");
        Random random = new Random(5);
        byte[] noise = new byte[200_000];
        random.nextBytes(noise);
        Emu2Framer framer = new Emu2Framer(4096);
        List<byte[]> frames = new ArrayList<>();
        framer.feed(noise, 0, noise.length, f -> frames.add(f.bytes()));
        for (byte[] f : frames) {
            try {
                FragmentReader.read(f);
            } catch (FragmentRejectedException expected) {
                assertThat(expected.getMessage()).startsWith("EMU-2 fragment rejected");
            }
        }
        byte[] after = Emu2Simulator.demand(9, 1).getBytes(StandardCharsets.ISO_8859_1);
        List<String> back = new ArrayList<>();
        framer.feed(after, 0, after.length, f -> back.add(FragmentReader.read(f.bytes()).get("Demand")));
        assertThat(back).as("in step again after noise").containsExactly("0x9");
    }

    @Test
    void hostileFragmentsAreRejectedNeverExpanded() {
        String[] hostile = {
            "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><TimeCluster><DeviceMacId>&x;</DeviceMacId></TimeCluster>",
            "<TimeCluster a=\"1\"><DeviceMacId>0x1</DeviceMacId></TimeCluster>",
            "<TimeCluster><DeviceMacId><b>0x1</b></DeviceMacId></TimeCluster>",
            "<TimeCluster><DeviceMacId>0x1</MeterMacId></TimeCluster>",
            "<TimeCluster><DeviceMacId>0x1</DeviceMacId></PriceCluster>",
            "<TimeCluster><DeviceMacId>0x1",
            "<ns:TimeCluster><DeviceMacId>0x1</DeviceMacId></ns:TimeCluster>",
            "<TimeCluster><![CDATA[x]]></TimeCluster>",
        };
        for (String h : hostile) {
            assertThatThrownBy(() -> FragmentReader.read(h.getBytes(StandardCharsets.ISO_8859_1))).as(h)
                    .isInstanceOf(FragmentRejectedException.class);
        }
        // an entity reference is only ever text: &x; stays "&x;", and the five predefined ones are decoded
        Fragment f = readQuietly("<MessageCluster><DeviceMacId>0x1</DeviceMacId><Text>a &gt; b &amp;x;</Text></MessageCluster>");
        assertThat(f.get("Text")).isEqualTo("a > b &x;");
    }

    private static Fragment readQuietly(String s) {
        try {
            return FragmentReader.read(s.getBytes(StandardCharsets.ISO_8859_1));
        } catch (FragmentRejectedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aTotalGoingBackOrWithItsSignBitSetIsFlaggedNotWritten() throws Exception {
        Emu2DataFormat format = new Emu2DataFormat();
        Instant now = Instant.parse("2024-01-01T00:00:00Z");
        assertThat(format.readings(readQuietly(total("0x00000000000003e8")), now).get(0).field("energy_import_kwh")).isEqualTo(1000.0);
        assertThat(format.readings(readQuietly(total("0x00000000000003e7")), now)).as("went back").isEmpty();
        assertThat(format.readings(readQuietly(total("0x80000001")), now)).as("bit 31 of an 8-digit field").isEmpty();
        assertThat(format.readings(readQuietly(total("0x00000000000003e9")), now).get(0).field("energy_import_kwh")).isEqualTo(1001.0);
        assertThat(format.flaggedTotals()).isEqualTo(2);
        // Multiplier and Divisor 0 mean 1
        Reading r = format.readings(readQuietly("<InstantaneousDemand><DeviceMacId>0x1</DeviceMacId><Demand>0x5</Demand>"
                + "<Multiplier>0x0</Multiplier><Divisor>0x0</Divisor></InstantaneousDemand>"), now).get(0);
        assertThat(r.field("power_import_w")).isEqualTo(5000.0);
        assertThat(r.time()).as("no TimeStamp: received").isEqualTo(now);
    }

    private static String total(String delivered) {
        return "<CurrentSummationDelivered><DeviceMacId>0x1</DeviceMacId><MeterMacId>0x2</MeterMacId><TimeStamp>0x29bd58a7</TimeStamp>"
                + "<SummationDelivered>" + delivered + "</SummationDelivered><Multiplier>0x1</Multiplier><Divisor>0x1</Divisor>"
                + "</CurrentSummationDelivered>";
    }
}
