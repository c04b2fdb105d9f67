package io.meterbridge.cli;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.meterbridge.dlms.DlmsFramer;
import io.meterbridge.dsmr.DsmrFramer;
import io.meterbridge.dsmr.TelegramReader;
import io.meterbridge.dsmr.Validity;
import io.meterbridge.framing.Frame;

/**
 * What a few seconds of bytes from a serial port look like: a plaintext DSMR P1 meter (with its version and whether
 * its CRCs check), an encrypted P1 port (DLMS/GCM frames), a Rainforest EMU-2 / RAVEn (XML fragments), a meterman
 * gateway (G>S: lines), or nothing meterbridge knows (often the wrong speed or parity). The same framers the gateway
 * uses decide, so what is recognised here is what the gateway will read.
 */
final class MeterGuess {

    private static final Pattern VERSION = Pattern.compile("1-3:0\\.2\\.8\\((\\d+)\\)");
    private static final Pattern EMU2 = Pattern.compile("<(InstantaneousDemand|CurrentSummationDelivered|DeviceInfo|ConnectionStatus|TimeCluster|MeterList|PriceCluster|NetworkInfo)>");

    /** The verdict: a short name, the p1.uri or route to use, and why. */
    record Guess(String kind, String advice, String evidence) {
        boolean recognised() {
            return !kind.equals("unknown") && !kind.equals("silent");
        }
    }

    private MeterGuess() {
    }

    static Guess classify(byte[] bytes) throws Exception {
        if (bytes.length == 0) {
            return new Guess("silent", "no bytes at all: check the cable; a DSMR 4/5 meter sends every 1-10 s once its request line (RTS/DTR) is up",
                    "0 bytes");
        }
        List<Frame> telegrams = new ArrayList<>();
        DsmrFramer dsmr = new DsmrFramer(16_384);
        dsmr.feed(bytes, 0, bytes.length, telegrams::add);
        TelegramReader reader = new TelegramReader(ZoneId.of("UTC"), false, false);
        int valid = 0;
        int unchecked = 0;
        String version = null;
        for (Frame f : telegrams) {
            if (f.status() != Frame.Status.COMPLETE) {
                continue;
            }
            TelegramReader.Result r = reader.read(f.bytes(), f.status());
            if (r.validity() == Validity.VALID) {
                valid++;
            } else if (r.validity() == Validity.UNCHECKED) {
                unchecked++;
            }
            Matcher m = VERSION.matcher(new String(f.bytes(), StandardCharsets.US_ASCII));
            if (m.find()) {
                version = m.group(1);
            }
        }
        if (valid > 0) {
            return new Guess("dsmr", "p1.uri = serial:PORT (115200 8N1)", valid + " telegram(s) with a valid CRC"
                    + (version != null ? ", DSMR version " + version.charAt(0) + "." + version.substring(1) : ""));
        }
        if (unchecked > 0) {
            return new Guess("dsmr-2.2", "p1.uri = serial:PORT?baudRate=9600&dataBits=7&parity=even",
                    unchecked + " telegram(s) without CRC (DSMR 2.2 / 3)");
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        Matcher emu2 = EMU2.matcher(text);
        if (emu2.find()) {
            return new Guess("emu2", "routes/examples/emu2.camel.yaml with emu2.device = PORT", "XML fragment <" + emu2.group(1) + ">");
        }
        if (text.contains("G>S:")) {
            return new Guess("meterman", "routes/examples/meterman.camel.yaml with meterman.device = PORT", "gateway lines starting G>S:");
        }
        List<Frame> frames = new ArrayList<>();
        new DlmsFramer(4096).feed(bytes, 0, bytes.length, frames::add);
        long whole = frames.stream().filter(f -> f.status() == Frame.Status.COMPLETE).count();
        if (whole > 0) {
            return new Guess("dlms", "routes/examples/p1-encrypted.camel.yaml (serial:PORT?framing=dlms) and P1_SECRET_KEY",
                    whole + " encrypted DLMS/GCM frame(s)");
        }
        if (!telegrams.isEmpty()) {
            return new Guess("unknown", "telegrams whose CRC does not check: a noisy line, or try 9600 7E1 (DSMR 2.2 / 3)",
                    telegrams.size() + " damaged telegram(s)");
        }
        return new Guess("unknown", "nothing meterbridge reads: the wrong speed or parity shows as garbage like this", hexStart(bytes));
    }

    private static String hexStart(byte[] bytes) {
        StringBuilder hex = new StringBuilder(bytes.length + " bytes, starting");
        for (int i = 0; i < Math.min(16, bytes.length); i++) {
            hex.append(String.format(" %02x", bytes[i] & 0xff));
        }
        return hex.toString();
    }
}
