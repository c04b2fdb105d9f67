package io.meterbridge.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import io.meterbridge.dlms.DecryptionException;
import io.meterbridge.dlms.DlmsFramer;
import io.meterbridge.dlms.P1Decryptor;
import io.meterbridge.dsmr.DsmrFramer;
import io.meterbridge.dsmr.Normaliser;
import io.meterbridge.dsmr.TelegramReader;
import io.meterbridge.framing.Frame;
import io.meterbridge.framing.FrameSink;
import io.meterbridge.framing.Framer;
import io.meterbridge.reading.Json;

/**
 * {@code decode FILE}: prints every telegram in a capture as one JSON line (validity, reason, the parsed
 * telegram and its readings), so users can check their meter offline with the exact code the gateway runs.
 */
final class DecodeCommand {

    static final String USAGE = "decode FILE [--zone Europe/Amsterdam] [--accept-invalid-crc] [--no-correct] [--meter NAME]\n"
            + "                                  [--encrypted]   (frames of an encrypted P1 port; key from P1_SECRET_KEY, P1_AUTH_KEY)";

    private DecodeCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        Path file = null;
        ZoneId zone = null;
        boolean correct = true;
        boolean acceptInvalid = false;
        String meter = null;
        boolean encrypted = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--encrypted" -> encrypted = true;
                case "--zone" -> zone = ZoneId.of(value(args, ++i));
                case "--accept-invalid-crc" -> acceptInvalid = true;
                case "--no-correct" -> correct = false;
                case "--meter" -> meter = value(args, ++i);
                default -> {
                    if (args[i].startsWith("--") || file != null) {
                        err.println("usage: " + USAGE);
                        return 2;
                    }
                    file = Path.of(args[i]);
                }
            }
        }
        if (file == null) {
            err.println("usage: " + USAGE);
            return 2;
        }
        if (!Files.isReadable(file)) {
            err.println("decode: cannot read " + file + (Files.exists(file) ? " (permission denied)" : " (no such file)"));
            return 1;
        }
        TelegramReader reader = new TelegramReader(zone, correct, acceptInvalid);
        String meterTag = meter;
        int[] counts = new int[2];
        Framer framer = encrypted ? new DlmsFramer(64 * 1024) : new DsmrFramer(64 * 1024);
        FrameSink sink = encrypted ? decrypting(frame -> print(reader, frame, meterTag, out, counts), out, counts)
                : frame -> print(reader, frame, meterTag, out, counts);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                framer.feed(buffer, 0, n, sink);
            }
            framer.finish(sink);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
        err.printf("%d telegrams, %d not delivered%n", counts[0], counts[1]);
        return counts[0] == 0 ? 1 : 0;
    }

    private static void print(TelegramReader reader, Frame frame, String meter, PrintStream out, int[] counts) throws IOException {
        TelegramReader.Result result = reader.read(frame.bytes(), frame.status());
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("validity", result.validity().label());
        if (result.reason() != null) {
            line.put("reason", result.reason());
        }
        line.put("telegram", result.telegram());
        line.put("readings", Normaliser.toReadings(result.telegram(), meter, Instant.now()));
        out.println(Json.MAPPER.writeValueAsString(line));
        counts[0]++;
        if (result.validity() == io.meterbridge.dsmr.Validity.REJECTED) {
            counts[1]++;
        }
    }

    /** Decrypts each frame with the keys from the environment, as the gateway's decryptP1 bean would. */
    private static FrameSink decrypting(FrameSink telegrams, PrintStream out, int[] counts) {
        P1Decryptor decryptor = new P1Decryptor();
        decryptor.setSecretKey(System.getenv().getOrDefault("P1_SECRET_KEY", P1Decryptor.UNSET));
        decryptor.setAuthKey(System.getenv().getOrDefault("P1_AUTH_KEY", P1Decryptor.LUXEMBOURG_AUTHENTICATION_KEY));
        return frame -> {
            try {
                telegrams.frame(new Frame(decryptor.decrypt(frame.bytes()), Frame.Status.COMPLETE));
            } catch (DecryptionException e) {
                out.println(Json.MAPPER.writeValueAsString(Map.of("validity", "rejected", "reason", e.getMessage())));
                counts[0]++;
                counts[1]++;
            }
        };
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException("missing value after " + args[i - 1]);
        }
        return args[i];
    }
}
