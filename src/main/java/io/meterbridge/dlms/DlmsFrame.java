package io.meterbridge.dlms;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One DLMS general-global-ciphering frame as encrypted P1 ports send it (Luxembourg Smarty, Austria):
 * {@code DB 08 <system title 8> <length> <security control> <frame counter 4> <ciphertext> [<tag 12>]}.
 * The length is one byte below 0x80, or 0x81 and one byte, or 0x82 and two bytes, and counts everything after
 * itself. Security control 0x30 means encrypted and authenticated (a 12-byte GCM tag ends the frame), 0x20
 * encrypted only (no tag).
 */
public record DlmsFrame(byte[] bytes, byte[] systemTitle, int securityControl, long frameCounter, int cipherOffset,
        int cipherLength) {

    public static final int TAG = 0xDB;
    public static final int TAG_LENGTH = 12;
    static final int AUTHENTICATED = 0x30;
    static final int ENCRYPTED_ONLY = 0x20;
    /** The part of the header before the length: DB 08 and the system title. */
    static final int TITLE_END = 10;

    /** Whether the frame carries a GCM tag that must verify. */
    public boolean authenticated() {
        return securityControl == AUTHENTICATED;
    }

    /** The 12-byte IV: system title and frame counter. */
    byte[] iv() {
        byte[] iv = Arrays.copyOf(systemTitle, 12);
        iv[8] = (byte) (frameCounter >>> 24);
        iv[9] = (byte) (frameCounter >>> 16);
        iv[10] = (byte) (frameCounter >>> 8);
        iv[11] = (byte) frameCounter;
        return iv;
    }

    public String systemTitleHex() {
        return HexFormat.of().formatHex(systemTitle);
    }

    /** Where the length field ends, or -1 while it is incomplete, -2 when it is not a valid length form. */
    static int lengthEnd(byte[] b, int from, int available) {
        if (available <= TITLE_END) {
            return -1;
        }
        int first = b[from + TITLE_END] & 0xFF;
        int size = first < 0x80 ? 1 : first == 0x81 ? 2 : first == 0x82 ? 3 : -2;
        if (size < 0) {
            return -2;
        }
        return available >= TITLE_END + size ? TITLE_END + size : -1;
    }

    /** The value of the length field (the bytes after it), given the field is complete. */
    static int length(byte[] b, int from) {
        int first = b[from + TITLE_END] & 0xFF;
        if (first < 0x80) {
            return first;
        }
        return first == 0x81 ? b[from + TITLE_END + 1] & 0xFF
                : (b[from + TITLE_END + 1] & 0xFF) << 8 | b[from + TITLE_END + 2] & 0xFF;
    }

    /** Reads a whole frame; throws with what is wrong when it is not one. */
    public static DlmsFrame parse(byte[] b) throws DecryptionException {
        if (b.length < TITLE_END + 1 || (b[0] & 0xFF) != TAG || b[1] != 8) {
            throw new DecryptionException("not an encrypted P1 frame (expected DB 08 at the start)");
        }
        int lengthEnd = lengthEnd(b, 0, b.length);
        if (lengthEnd < 0) {
            throw new DecryptionException("invalid length field in the frame header");
        }
        int length = length(b, 0);
        if (b.length != lengthEnd + length) {
            throw new DecryptionException("frame truncated or overlong: header says " + length + " bytes after the length, "
                    + (b.length - lengthEnd) + " arrived");
        }
        if (length < 5) {
            throw new DecryptionException("frame too short to hold its security control byte and frame counter");
        }
        int sc = b[lengthEnd] & 0xFF;
        if (sc != AUTHENTICATED && sc != ENCRYPTED_ONLY) {
            throw new DecryptionException(String.format("unsupported security control byte 0x%02X (expected 0x30 or 0x20)", sc));
        }
        int tag = sc == AUTHENTICATED ? TAG_LENGTH : 0;
        int cipherOffset = lengthEnd + 5;
        int cipherLength = b.length - cipherOffset - tag;
        if (cipherLength <= 0) {
            throw new DecryptionException("frame too short to hold a telegram");
        }
        long counter = (b[lengthEnd + 1] & 0xFFL) << 24 | (b[lengthEnd + 2] & 0xFFL) << 16 | (b[lengthEnd + 3] & 0xFFL) << 8
                | (b[lengthEnd + 4] & 0xFFL);
        return new DlmsFrame(b, Arrays.copyOfRange(b, 2, TITLE_END), sc, counter, cipherOffset, cipherLength);
    }
}
