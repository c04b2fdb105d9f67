package io.meterbridge.dlms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.meterbridge.dsmr.TelegramWriter;
import io.meterbridge.framing.Frame;

class DlmsFramerTest {

    private static final byte[] KEY = HexFormat.of().parseHex("0123456789ABCDEF0123456789ABCDEF");
    private static final byte[] AUTH = HexFormat.of().parseHex(P1Decryptor.LUXEMBOURG_AUTHENTICATION_KEY);

    @Test
    void framesComeOutWholeBetweenGarbageInAnyChunkSize() throws Exception {
        DlmsFrameWriter writer = new DlmsFrameWriter(KEY, AUTH, 1);
        TelegramWriter meter = new TelegramWriter(2);
        List<byte[]> sent = new ArrayList<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        Random random = new Random(5);
        for (int i = 0; i < 20; i++) {
            byte[] garbage = new byte[random.nextInt(50)];
            random.nextBytes(garbage);
            stream.writeBytes(garbage);
            stream.writeBytes(new byte[] { (byte) 0xDB, 8, 1, 2 }); // a start that is not one
            byte[] frame = writer.next(meter.next(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i)));
            sent.add(frame);
            stream.writeBytes(frame);
        }
        byte[] all = stream.toByteArray();
        for (int chunk : new int[] { 1, 13, 4096 }) {
            DlmsFramer framer = new DlmsFramer(16384);
            List<Frame> frames = new ArrayList<>();
            for (int i = 0; i < all.length; i += chunk) {
                framer.feed(all, i, Math.min(chunk, all.length - i), frames::add);
            }
            assertThat(frames).extracting(Frame::bytes).containsExactlyElementsOf(sent);
        }
    }

    @Test
    void anOversizedLengthIsNotBuffered() throws Exception {
        DlmsFramer framer = new DlmsFramer(2048);
        List<Frame> frames = new ArrayList<>();
        // DB 08 title 82 FFFF 30 ...: claims 65535 bytes, more than the limit: skipped at once
        byte[] forged = HexFormat.of().parseHex("DB08" + "5341473132333435" + "82FFFF30" + "00000001");
        framer.feed(forged, 0, forged.length, frames::add);
        byte[] real = new DlmsFrameWriter(KEY, AUTH, 1).next(new TelegramWriter(2).next(Instant.parse("2024-01-01T00:00:00Z")));
        framer.feed(real, 0, real.length, frames::add);
        assertThat(frames).extracting(Frame::bytes).containsExactly(real);
    }
}
