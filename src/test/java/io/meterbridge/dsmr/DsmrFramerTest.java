package io.meterbridge.dsmr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.meterbridge.framing.Frame;

class DsmrFramerTest {

    private final List<Frame> frames = new ArrayList<>();

    private void feed(DsmrFramer framer, byte[] bytes, int chunk) throws Exception {
        for (int i = 0; i < bytes.length; i += chunk) {
            framer.feed(bytes, i, Math.min(chunk, bytes.length - i), frames::add);
        }
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void telegramsSplitAcrossReadsInAnyChunkSizeComeOutWhole() throws Exception {
        TelegramWriter writer = new TelegramWriter(3);
        byte[] a = writer.next(Instant.parse("2024-01-01T00:00:00Z"));
        byte[] b = writer.next(Instant.parse("2024-01-01T00:00:01Z"));
        for (int chunk : new int[] { 1, 7, 64, 4096 }) {
            frames.clear();
            DsmrFramer framer = new DsmrFramer(16384);
            feed(framer, concat(ascii("noise\r\n\u00ff\u00ff"), a, ascii("  25803103\r\n"), b), chunk);
            assertThat(frames).extracting(Frame::status).containsExactly(Frame.Status.COMPLETE, Frame.Status.COMPLETE);
            // the frame ends with the CRC digits; the line end after them is not part of it
            assertThat(frames.get(0).bytes()).isEqualTo(Arrays.copyOf(a, a.length - 2));
            assertThat(frames.get(1).bytes()).isEqualTo(Arrays.copyOf(b, b.length - 2));
        }
    }

    @Test
    void aTelegramInterruptedByANewStartIsTruncated() throws Exception {
        TelegramWriter writer = new TelegramWriter(3);
        byte[] a = writer.next(Instant.parse("2024-01-01T00:00:00Z"));
        byte[] b = writer.next(Instant.parse("2024-01-01T00:00:01Z"));
        DsmrFramer framer = new DsmrFramer(16384);
        // cut at a line end, and cut mid-line: both times the next telegram still comes out whole
        int lineEnd = new String(a, StandardCharsets.US_ASCII).indexOf("\r\n", 300) + 2;
        feed(framer, concat(Arrays.copyOf(a, lineEnd), b, Arrays.copyOf(a, 333), b), 4096);
        assertThat(frames).extracting(Frame::status).containsExactly(Frame.Status.TRUNCATED, Frame.Status.COMPLETE,
                Frame.Status.TRUNCATED, Frame.Status.COMPLETE);
        assertThat(frames.get(3).bytes()).isEqualTo(Arrays.copyOf(b, b.length - 2));
    }

    @Test
    void aTelegramCutAtAnyOffsetLosesOnlyItself() throws Exception {
        TelegramWriter writer = new TelegramWriter(5);
        byte[] a = writer.next(Instant.parse("2024-01-01T00:00:00Z"));
        byte[] b = writer.next(Instant.parse("2024-01-01T00:00:01Z"));
        // every offset, inside the CRC line and its line end too
        for (int cut = 0; cut < a.length; cut++) {
            frames.clear();
            DsmrFramer framer = new DsmrFramer(16384);
            feed(framer, concat(Arrays.copyOf(a, cut), b), 4096);
            framer.finish(frames::add);
            assertThat(frames).as("cut at %d of %d", cut, a.length)
                    .anySatisfy(f -> assertThat(f.bytes()).isEqualTo(Arrays.copyOf(b, b.length - 2)));
            assertThat(frames.get(frames.size() - 1).status()).as("cut at %d", cut).isEqualTo(Frame.Status.COMPLETE);
        }
    }

    @Test
    void oversizedFramesAreCutAndFlagged() throws Exception {
        DsmrFramer framer = new DsmrFramer(1024);
        feed(framer, concat(ascii("/X\r\n"), ascii("1-0:1.7.0(00.100*kW)\r\n".repeat(500)), ascii("!1234\r\n"),
                Telegrams.withCrc("1-0:1.7.0(00.100*kW)")), 100);
        assertThat(frames).extracting(Frame::status).containsExactly(Frame.Status.OVERSIZED, Frame.Status.COMPLETE);
        assertThat(frames.get(0).bytes().length).isLessThanOrEqualTo(256);
    }

    @Test
    void aDamagedStartByteLeavesANoStartFrameThatTheReaderRepairs() throws Exception {
        TelegramWriter writer = new TelegramWriter(3);
        byte[] a = writer.next(Instant.parse("2024-01-01T00:00:00Z"));
        byte[] b = writer.next(Instant.parse("2024-01-01T00:00:01Z"));
        byte[] damaged = b.clone();
        damaged[0] ^= 0x01; // '/' becomes '.'
        DsmrFramer framer = new DsmrFramer(16384);
        feed(framer, concat(a, damaged), 4096);
        assertThat(frames).extracting(Frame::status).containsExactly(Frame.Status.COMPLETE, Frame.Status.NO_START);
        TelegramReader reader = new TelegramReader(null, true, false);
        assertThat(reader.read(frames.get(0).bytes(), frames.get(0).status()).validity()).isEqualTo(Validity.VALID);
        TelegramReader.Result repaired = reader.read(frames.get(1).bytes(), frames.get(1).status());
        assertThat(repaired.validity()).isEqualTo(Validity.CORRECTED);
        assertThat(repaired.telegram().getMeterTime()).isEqualTo(Instant.parse("2024-01-01T00:00:01Z"));
    }

    @Test
    void onceAStreamHasShownCrcsAnEarlyBangWithoutOneIsNotTheEnd() throws Exception {
        byte[] first = Telegrams.withCrc("0-0:1.0.0(240601120000S)", "1-0:1.7.0(00.100*kW)", "1-0:2.7.0(00.000*kW)");
        byte[] second = Telegrams.withCrc("0-0:1.0.0(240601120001S)", "1-0:1.7.0(00.200*kW)", "1-0:2.7.0(00.000*kW)");
        byte[] damaged = second.clone();
        int cr = new String(second, StandardCharsets.US_ASCII).indexOf("kW)\r") + 3;
        damaged[cr] = '!';
        DsmrFramer framer = new DsmrFramer(1024);
        feed(framer, concat(first, damaged), 16);
        assertThat(frames).hasSize(2);
        TelegramReader reader = new TelegramReader(null, true, false);
        reader.read(frames.get(0).bytes(), frames.get(0).status());
        TelegramReader.Result repaired = reader.read(frames.get(1).bytes(), frames.get(1).status());
        assertThat(repaired.validity()).isEqualTo(Validity.CORRECTED);
        assertThat(repaired.telegram().getElectricity()).containsEntry("power_import_w", 200.0).containsEntry("power_export_w", 0.0);
    }

    @Test
    void endOfInputFlushesATelegramEndingAtItsCrcOrCutShort() throws Exception {
        DsmrFramer framer = new DsmrFramer(1024);
        feed(framer, ascii("/X\r\n\r\n1-0:1.7.0(00.100*kW)\r\n!"), 10);
        framer.finish(frames::add);
        feed(framer, ascii("/X\r\n\r\n1-0:1.7.0(00.1"), 10);
        framer.finish(frames::add);
        assertThat(frames).extracting(Frame::status).containsExactly(Frame.Status.COMPLETE, Frame.Status.TRUNCATED);
    }

    @Test
    void randomBytesNeverThrowAndMemoryStaysBounded() throws Exception {
        Random random = new Random(11);
        DsmrFramer framer = new DsmrFramer(2048);
        byte[] chunk = new byte[4096];
        for (int i = 0; i < 2000; i++) {
            random.nextBytes(chunk);
            framer.feed(chunk, 0, chunk.length, f -> assertThat(f.bytes().length).isLessThanOrEqualTo(2048));
        }
    }
}
