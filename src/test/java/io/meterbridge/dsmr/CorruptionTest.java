package io.meterbridge.dsmr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;


/**
 * Noise on the P1 line, simulated: valid telegrams in a stream, one of them damaged by a single flipped bit or a
 * single damaged byte anywhere from its '/' to its last CRC digit. Everything goes through the framer and the
 * reader as on a live port. Every single-bit error must be corrected; no damaged telegram may ever be delivered
 * with a value that differs from what the meter sent. The figures go to docs/DSMR.md.
 */
class CorruptionTest {

    private static final Instant START = Instant.parse("2024-06-01T10:00:00Z");
    private static final int TELEGRAMS = 64;

    /** What became of the damaged telegram (and whether anything else in the stream was disturbed). */
    private record Outcome(Validity validity, boolean sameAsSent, boolean neighboursIntact) {
    }

    private static List<byte[]> stream() {
        TelegramWriter writer = new TelegramWriter(42);
        List<byte[]> telegrams = new ArrayList<>();
        for (int i = 0; i < TELEGRAMS; i++) {
            telegrams.add(writer.next(START.plusSeconds(i)));
        }
        return telegrams;
    }

    /** Feeds telegrams i-1, damaged i, i+1 through a fresh framer and reader, as a port would deliver them. */
    private static Outcome run(List<byte[]> telegrams, int i, byte[] damaged) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(telegrams.get(i - 1));
        bytes.writeBytes(damaged);
        bytes.writeBytes(telegrams.get(i + 1));
        byte[] all = bytes.toByteArray();
        TelegramReader reader = new TelegramReader(TelegramWriter.ZONE, true, false);
        TelegramParser parser = new TelegramParser(TelegramWriter.ZONE);
        List<TelegramReader.Result> results = new ArrayList<>();
        DsmrFramer framer = new DsmrFramer(16384);
        framer.feed(all, 0, all.length, f -> results.add(reader.read(f.bytes(), f.status())));
        framer.finish(f -> results.add(reader.read(f.bytes(), f.status())));
        Telegram sent = parser.parse(telegrams.get(i));
        Telegram next = parser.parse(telegrams.get(i + 1));
        Validity validity = Validity.REJECTED;
        boolean same = true;
        boolean nextSeen = false;
        for (TelegramReader.Result r : results.subList(1, results.size())) {
            if (r.validity() == Validity.REJECTED) {
                continue;
            }
            Instant time = r.telegram().getMeterTime();
            if (time != null && time.equals(next.getMeterTime()) && r.telegram().getElectricity().equals(next.getElectricity())) {
                nextSeen = true;
                continue;
            }
            // anything else delivered must be the damaged telegram, exactly as sent
            validity = r.validity();
            same &= r.telegram().getElectricity().equals(sent.getElectricity()) && equalMbus(r.telegram(), sent)
                    && sent.getMeterTime().equals(time) && sent.getEquipmentId().equals(r.telegram().getEquipmentId());
        }
        boolean firstIntact = results.get(0).validity() == Validity.VALID;
        return new Outcome(validity, same, firstIntact && nextSeen);
    }

    private static boolean equalMbus(Telegram a, Telegram b) {
        return a.mbus(1).value.equals(b.mbus(1).value) && a.mbus(1).time.equals(b.mbus(1).time);
    }

    @Test
    void everySingleBitErrorIsCorrected() throws Exception {
        List<byte[]> telegrams = stream();
        int trials = 0;
        // exhaustively: every bit of every byte from '/' to the last CRC digit, in two telegrams of the stream
        for (int i : new int[] { 17, 40 }) {
            byte[] sent = telegrams.get(i);
            for (int position = 0; position < sent.length - 2; position++) { // the CRLF after the CRC is not checked
                for (int bit = 0; bit < 8; bit++) {
                    byte[] damaged = sent.clone();
                    damaged[position] ^= (byte) (1 << bit);
                    Outcome outcome = run(telegrams, i, damaged);
                    assertThat(outcome.sameAsSent()).as("telegram %d byte %d bit %d: never a wrong value", i, position, bit).isTrue();
                    // delivered right: corrected, or valid when only the case of a CRC digit changed (CRCs are case-blind)
                    assertThat(outcome.validity()).as("telegram %d byte %d bit %d corrected", i, position, bit).isNotEqualTo(Validity.REJECTED);
                    assertThat(outcome.neighboursIntact()).as("telegram %d byte %d bit %d: neighbours untouched", i, position, bit).isTrue();
                    trials++;
                }
            }
        }
        System.out.printf("single-bit errors: %d of %d corrected%n", trials, trials);
    }

    @Test
    void aDamagedByteIsNeverDeliveredWrong() throws Exception {
        List<byte[]> telegrams = stream();
        Random random = new Random(2);
        int trials = 20_000;
        int corrected = 0;
        int rejected = 0;
        for (int n = 0; n < trials; n++) {
            int i = 1 + random.nextInt(TELEGRAMS - 2);
            byte[] damaged = telegrams.get(i).clone();
            int position = random.nextInt(damaged.length - 2);
            damaged[position] ^= (byte) (1 + random.nextInt(255));
            Outcome outcome = run(telegrams, i, damaged);
            assertThat(outcome.sameAsSent()).as("trial %d: byte %d never delivered with a wrong value", n, position).isTrue();
            assertThat(outcome.neighboursIntact()).as("trial %d: the telegrams around it are untouched", n).isTrue();
            if (outcome.validity() == Validity.CORRECTED) {
                corrected++;
            } else {
                rejected++;
            }
        }
        System.out.printf("single damaged bytes: %d of %d corrected, %d rejected, 0 wrong%n", corrected, trials, rejected);
        assertThat(corrected).as("most single-byte damage is repaired too").isGreaterThan(trials / 2);
    }
}
