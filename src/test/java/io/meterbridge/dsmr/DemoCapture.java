package io.meterbridge.dsmr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

/**
 * Generates demo/p1-capture.log, the capture the README's main command replays: five minutes of a DSMR 5 meter
 * at one telegram a second across the autumn DST change (02:57:30 summer time to 02:02:29 winter time), with
 * what real captures hold: a start in the middle of a telegram, a bit flipped by noise, a damaged CRC digit,
 * a telegram with two damaged bytes, and one cut short. Run {@code main} to rewrite it; DemoCaptureTest checks
 * the shipped file is what this writes.
 */
public final class DemoCapture {

    static final Path FILE = Path.of("demo", "p1-capture.log");
    static final int TELEGRAMS = 300;
    static final Instant START = Instant.parse("2024-10-27T00:57:30Z");
    /** Telegram numbers that carry damage, and what the gateway must make of them. */
    static final int FLIPPED_BIT = 57, DAMAGED_CRC_DIGIT = 101, TWO_BYTES = 150, CUT_SHORT = 222;

    private DemoCapture() {
    }

    static byte[] generate() {
        TelegramWriter writer = new TelegramWriter(2024);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] before = writer.next(START.minusSeconds(1));
        out.writeBytes(Arrays.copyOfRange(before, before.length - 120, before.length)); // capture started mid-telegram
        for (int i = 0; i < TELEGRAMS; i++) {
            byte[] t = writer.next(START.plusSeconds(i));
            switch (i) {
                case FLIPPED_BIT -> t[400] ^= 0x04;
                case DAMAGED_CRC_DIGIT -> t[t.length - 4] ^= 0x01;
                case TWO_BYTES -> {
                    t[300] ^= 0x13;
                    t[500] ^= 0x22;
                }
                case CUT_SHORT -> t = Arrays.copyOf(t, 333);
                default -> {
                }
            }
            out.writeBytes(t);
        }
        return out.toByteArray();
    }

    public static void main(String[] args) throws IOException {
        Files.write(FILE, generate());
        System.out.println("wrote " + FILE + " (" + new String(generate(), StandardCharsets.US_ASCII).split("\n").length + " lines)");
    }
}
