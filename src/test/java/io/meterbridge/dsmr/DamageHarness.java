package io.meterbridge.dsmr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Stream;

import io.meterbridge.testing.TestCorpus;

/**
 * Noise on the P1 line, by class of damage: real telegrams (the demo capture's stream, every CRC-carrying telegram
 * of the test corpus, generated streams) are damaged and sent through the framer and the reader as a port would
 * deliver them, between their neighbours in the stream, and each outcome is tallied: delivered right (valid or
 * corrected to exactly what the meter sent), rejected, or delivered wrong. "First" telegrams have no earlier
 * telegram of their meter before them. The full run (over a million damaged telegrams) prints the table in
 * docs/DSMR.md: {@code bench/dsmr-damage}; {@link DamageHarnessTest} runs a sample of every class.
 */
public final class DamageHarness {

    /** The classes of damage, as the table names them. */
    enum Damage {
        SINGLE_BIT("every single-bit flip"), TWO_BITS("2 random bit flips"), THREE_BITS("3 random bit flips"),
        BYTE("a byte substituted"), LOST_BYTE("a byte lost"), DUPLICATED_BYTE("a byte duplicated"),
        LOST_LINE_END("a CR or LF lost"), TRUNCATED("cut at every offset"), RUN_TOGETHER("run into the next telegram");

        final String label;

        Damage(String label) {
            this.label = label;
        }
    }

    /** Outcomes of one class. */
    static final class Tally {
        long right;
        long corrected;
        long rejected;
        long wrong;
        long neighboursLost;
        final List<String> wrongExamples = new ArrayList<>();
        final List<String> neighbourExamples = new ArrayList<>();

        long total() {
            return right + rejected + wrong;
        }
    }

    /** A telegram of a stream with the telegrams around it: the one before (null for a first one) and after. */
    record Case(byte[] before, byte[] sent, byte[] after) {
    }

    private final Map<Damage, Tally> withReference = new EnumMap<>(Damage.class);
    private final Map<Damage, Tally> first = new EnumMap<>(Damage.class);
    private final TelegramParser parser = new TelegramParser(TelegramWriter.ZONE);

    DamageHarness() {
        for (Damage d : Damage.values()) {
            withReference.put(d, new Tally());
            first.put(d, new Tally());
        }
    }

    Tally tally(Damage damage, boolean firstTelegram) {
        return (firstTelegram ? first : withReference).get(damage);
    }

    /** The demo capture's telegrams whose CRC is right, in stream order, each with its neighbours. */
    static List<Case> demoStream() throws IOException {
        return stream(split(Files.readAllBytes(Path.of("demo", "p1-capture.log"))));
    }

    /** A generated DSMR 5 meter's stream (TelegramWriter: three phases, gas), one telegram a second. */
    static List<Case> generatedStream(long seed, int telegrams) {
        TelegramWriter writer = new TelegramWriter(seed);
        Instant start = Instant.parse("2024-06-01T10:00:00Z");
        List<byte[]> all = new ArrayList<>();
        for (int i = 0; i < telegrams; i++) {
            all.add(writer.next(start.plusSeconds(i)));
        }
        return stream(all);
    }

    /** Every CRC-carrying telegram of the corpus, alone: a first telegram, followed by the demo's first. */
    static List<Case> corpusFirsts() throws IOException {
        List<Case> cases = new ArrayList<>();
        byte[] after = demoStream().get(0).sent();
        try (Stream<Path> files = Files.walk(TestCorpus.of("dsmr"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".txt") && !p.toString().endsWith(".plain.txt")).sorted().toList()) {
                for (byte[] t : split(Files.readAllBytes(f))) {
                    TelegramParser.Layout layout = TelegramParser.layout(t, 0, t.length);
                    if (layout.start() == 0 && layout.terminated()
                            && new TelegramParser(TelegramWriter.ZONE).parse(t, layout).crc.status() == CrcCheck.Status.VALID) {
                        cases.add(new Case(null, t, after));
                    }
                }
            }
        }
        return cases;
    }

    private static List<Case> stream(List<byte[]> telegrams) {
        TelegramParser parser = new TelegramParser(TelegramWriter.ZONE);
        List<byte[]> valid = telegrams.stream().filter(t -> {
            Telegram parsed = parser.parse(t);
            return parsed.crc != null && parsed.crc.status() == CrcCheck.Status.VALID;
        }).toList();
        List<Case> cases = new ArrayList<>();
        for (int i = 1; i + 1 < valid.size(); i++) {
            cases.add(new Case(valid.get(i - 1), valid.get(i), valid.get(i + 1)));
        }
        return cases;
    }

    /** Telegrams as the framer cuts them from a capture, each ending with its CRC line's CRLF. */
    private static List<byte[]> split(byte[] capture) throws IOException {
        List<byte[]> out = new ArrayList<>();
        DsmrFramer framer = new DsmrFramer(16384);
        try {
            framer.feed(capture, 0, capture.length, f -> out.add(f.bytes()));
            framer.finish(f -> out.add(f.bytes()));
        } catch (Exception e) {
            throw new IOException(e);
        }
        return out.stream().map(DamageHarness::withLineEnd).toList();
    }

    private static byte[] withLineEnd(byte[] t) {
        int end = t.length;
        while (end > 0 && (t[end - 1] == '\r' || t[end - 1] == '\n')) {
            end--;
        }
        byte[] out = java.util.Arrays.copyOf(t, end + 2);
        out[end] = '\r';
        out[end + 1] = '\n';
        return out;
    }

    /** Damages one telegram (the bytes that reach the line) and tallies what the reader makes of it. */
    void trial(Damage damage, Case c, byte[] damaged) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        if (c.before() != null) {
            line.writeBytes(c.before());
        }
        line.writeBytes(damaged);
        line.writeBytes(c.after());
        byte[] all = line.toByteArray();
        TelegramReader reader = new TelegramReader(TelegramWriter.ZONE, true, false);
        List<TelegramReader.Result> results = new ArrayList<>();
        DsmrFramer framer = new DsmrFramer(16384);
        try {
            framer.feed(all, 0, all.length, f -> results.add(reader.read(f.bytes(), f.status())));
            framer.finish(f -> results.add(reader.read(f.bytes(), f.status())));
        } catch (Exception e) {
            throw new IllegalStateException("the framer or reader threw on " + damage + ": " + e, e);
        }
        Telegram sent = parser.parse(c.sent());
        Telegram next = parser.parse(c.after());
        Tally tally = tally(damage, c.before() == null);
        boolean beforeSeen = c.before() == null;
        boolean afterSeen = false;
        Validity outcome = Validity.REJECTED;
        boolean wrong = false;
        for (TelegramReader.Result r : results) {
            if (r.validity() == Validity.REJECTED) {
                continue;
            }
            if (!beforeSeen && same(r.telegram(), parser.parse(c.before()))) {
                beforeSeen = true;
            } else if (same(r.telegram(), sent) && outcome == Validity.REJECTED) {
                outcome = r.validity();
            } else if (same(r.telegram(), next)) {
                afterSeen = true;
            } else {
                wrong = true;
                if (tally.wrongExamples.size() < 5) {
                    tally.wrongExamples.add(r.validity() + " " + r.reason() + " [" + difference(c.sent(), damaged) + "]");
                }
            }
        }
        if (wrong) {
            tally.wrong++;
        } else if (outcome == Validity.REJECTED) {
            tally.rejected++;
        } else {
            tally.right++;
            if (outcome == Validity.CORRECTED) {
                tally.corrected++;
            }
        }
        if (!beforeSeen || !afterSeen) {
            tally.neighboursLost++;
            if (tally.neighbourExamples.size() < 5) {
                tally.neighbourExamples.add((beforeSeen ? "" : "before ") + (afterSeen ? "" : "after ") + difference(c.sent(), damaged)
                        + results.stream().map(r -> " | " + r.validity() + " " + r.reason()).reduce("", String::concat));
            }
        }
    }

    /** Where the damage is, for a person reading a wrong delivery. */
    private static String difference(byte[] sent, byte[] damaged) {
        int from = 0;
        while (from < Math.min(sent.length, damaged.length) && sent[from] == damaged[from]) {
            from++;
        }
        String context = new String(sent, Math.max(0, from - 12), Math.min(sent.length, from + 12) - Math.max(0, from - 12),
                java.nio.charset.StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n");
        return "first difference at byte " + from + " of " + sent.length + " (now " + damaged.length + "), around '" + context + "'";
    }

    /** The same readings: what a sink would receive. */
    private static boolean same(Telegram a, Telegram b) {
        return Objects.equals(a.getMeterTime(), b.getMeterTime()) && a.getElectricity().equals(b.getElectricity())
                && Objects.equals(a.getEquipmentId(), b.getEquipmentId()) && a.header.equals(b.header)
                && mbus(a).equals(mbus(b)) && a.unknownLines.equals(b.unknownLines);
    }

    private static String mbus(Telegram t) {
        StringBuilder s = new StringBuilder();
        t.mbus.values().forEach(d -> s.append(d.channel).append(d.deviceType).append(d.equipmentId).append(d.value)
                .append(d.unit).append(d.time).append(d.valve).append(';'));
        return s.toString();
    }

    /** The CRC-covered part and the CRC digits: where noise can hit without the framer noticing first. */
    private static int damageable(byte[] sent) {
        return sent.length - 2;
    }

    /** Runs every class over the cases: single bits exhaustively on every {@code bitStride}-th case, the rest at random. */
    void run(List<Case> cases, int bitStride, int randomPerClass, int truncationStride, long seed) {
        Random random = new Random(seed);
        for (int n = 0; n < cases.size(); n += bitStride) {
            Case c = cases.get(n);
            for (int position = 0; position < damageable(c.sent()); position++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] d = c.sent().clone();
                    d[position] ^= (byte) (1 << bit);
                    trial(Damage.SINGLE_BIT, c, d);
                }
            }
        }
        for (int n = 0; n < cases.size(); n += truncationStride) {
            Case c = cases.get(n);
            for (int cut = 1; cut < c.sent().length - 2; cut++) {
                trial(Damage.TRUNCATED, c, java.util.Arrays.copyOf(c.sent(), cut));
            }
        }
        for (Damage damage : List.of(Damage.TWO_BITS, Damage.THREE_BITS, Damage.BYTE, Damage.LOST_BYTE, Damage.DUPLICATED_BYTE,
                Damage.LOST_LINE_END, Damage.RUN_TOGETHER)) {
            for (int n = 0; n < randomPerClass; n++) {
                Case c = cases.get(random.nextInt(cases.size()));
                trial(damage, c, damage(damage, c.sent(), random));
            }
        }
    }

    static byte[] damage(Damage damage, byte[] sent, Random random) {
        int length = damageable(sent);
        switch (damage) {
            case TWO_BITS, THREE_BITS: {
                byte[] d = sent.clone();
                int flips = damage == Damage.TWO_BITS ? 2 : 3;
                java.util.Set<Integer> bits = new java.util.HashSet<>();
                while (bits.size() < flips) {
                    bits.add(random.nextInt(length * 8));
                }
                bits.forEach(b -> d[b / 8] ^= (byte) (1 << (b % 8)));
                return d;
            }
            case BYTE: {
                byte[] d = sent.clone();
                d[random.nextInt(length)] ^= (byte) (1 + random.nextInt(255));
                return d;
            }
            case LOST_BYTE: {
                int at = random.nextInt(length);
                ByteArrayOutputStream d = new ByteArrayOutputStream();
                d.write(sent, 0, at);
                d.write(sent, at + 1, sent.length - at - 1);
                return d.toByteArray();
            }
            case DUPLICATED_BYTE: {
                int at = random.nextInt(length);
                ByteArrayOutputStream d = new ByteArrayOutputStream();
                d.write(sent, 0, at + 1);
                d.write(sent, at, sent.length - at);
                return d.toByteArray();
            }
            case LOST_LINE_END: {
                List<Integer> ends = new ArrayList<>();
                for (int i = 0; i < length; i++) {
                    if (sent[i] == '\r' || sent[i] == '\n') {
                        ends.add(i);
                    }
                }
                int at = ends.get(random.nextInt(ends.size()));
                ByteArrayOutputStream d = new ByteArrayOutputStream();
                d.write(sent, 0, at);
                d.write(sent, at + 1, sent.length - at - 1);
                return d.toByteArray();
            }
            case RUN_TOGETHER: {
                // the telegram's end lost from a random point on: the next one follows straight after
                return java.util.Arrays.copyOf(sent, 1 + random.nextInt(sent.length - 1));
            }
            default:
                throw new IllegalArgumentException(damage.toString());
        }
    }

    /** The table for docs/DSMR.md. */
    String table() {
        StringBuilder s = new StringBuilder();
        s.append("| damage | earlier telegram | damaged telegrams | delivered right | of which corrected | rejected | delivered wrong | neighbour lost |\n");
        s.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        long total = 0;
        long wrong = 0;
        for (boolean firstTelegram : new boolean[] { false, true }) {
            for (Damage d : Damage.values()) {
                Tally t = tally(d, firstTelegram);
                if (t.total() == 0) {
                    continue;
                }
                total += t.total();
                wrong += t.wrong;
                s.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,d (%.2f%%) | %,d | %,d | %d | %d |%n", d.label,
                        firstTelegram ? "none" : "yes", t.total(), t.right, 100.0 * t.right / t.total(), t.corrected, t.rejected,
                        t.wrong, t.neighboursLost));
            }
        }
        s.append(String.format(Locale.ROOT, "%n%,d damaged telegrams, %d delivered wrong.%n", total, wrong));
        return s.toString();
    }

    /** The full run: {@code bench/dsmr-damage}. */
    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        DamageHarness h = new DamageHarness();
        h.run(demoStream(), 4, 150_000, 4, 1);
        h.run(generatedStream(7, 400), 20, 50_000, 20, 2);
        h.run(corpusFirsts(), 1, 20_000, 2, 3);
        System.out.print(h.table());
        for (boolean firstTelegram : new boolean[] { false, true }) {
            for (Damage d : Damage.values()) {
                h.tally(d, firstTelegram).wrongExamples.forEach(e -> System.out.println("wrong (" + d + "): " + e));
            }
        }
        System.out.printf(Locale.ROOT, "%.0f s%n", (System.nanoTime() - started) / 1e9);
    }
}
