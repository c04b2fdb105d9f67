package io.meterbridge.dsmr;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Builds small telegrams for tests: lines joined with CRLF, the CRC appended. */
final class Telegrams {

    private Telegrams() {
    }

    static byte[] withCrc(String... lines) {
        String body = "/TST5\\2TEST-1\r\n\r\n" + String.join("\r\n", lines) + "\r\n!";
        int crc = Crc16Arc.compute(body.getBytes(StandardCharsets.ISO_8859_1), 0, body.length());
        return (body + String.format(Locale.ROOT, "%04X", crc) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] withoutCrc(String... lines) {
        return ("/TST5\\2TEST-1\r\n\r\n" + String.join("\r\n", lines) + "\r\n!\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }
}
