package io.meterbridge.dlms;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** Encrypts telegrams into P1 frames the way a Smarty meter does, for tests and benchmarks. */
public final class DlmsFrameWriter {

    public static final byte[] SYSTEM_TITLE = "SAG12345".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private final byte[] systemTitle;
    private final byte[] key;
    private final byte[] authKey;
    private long counter;

    public DlmsFrameWriter(byte[] key, byte[] authKey, long firstCounter) {
        this(SYSTEM_TITLE, key, authKey, firstCounter);
    }

    /** A meter of its own: its system title (8 bytes) and keys. */
    public DlmsFrameWriter(byte[] systemTitle, byte[] key, byte[] authKey, long firstCounter) {
        this.systemTitle = systemTitle;
        this.key = key;
        this.authKey = authKey;
        this.counter = firstCounter;
    }

    public byte[] next(byte[] plaintext) throws GeneralSecurityException {
        long fc = counter++;
        byte[] iv = new byte[12];
        System.arraycopy(systemTitle, 0, iv, 0, 8);
        for (int i = 0; i < 4; i++) {
            iv[8 + i] = (byte) (fc >>> (24 - 8 * i));
        }
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(96, iv));
        byte[] aad = new byte[17];
        aad[0] = 0x30;
        System.arraycopy(authKey, 0, aad, 1, 16);
        gcm.updateAAD(aad);
        byte[] sealed = gcm.doFinal(plaintext); // ciphertext then 12-byte tag
        int length = 5 + sealed.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xDB);
        out.write(8);
        out.writeBytes(systemTitle);
        out.write(0x82);
        out.write(length >>> 8);
        out.write(length & 0xFF);
        out.write(0x30);
        out.writeBytes(java.util.Arrays.copyOfRange(iv, 8, 12));
        out.writeBytes(sealed);
        return out.toByteArray();
    }

    /** Where this writer's frames put the security control byte: after DB 08, the system title and 82 hh ll. */
    static final int SECURITY_CONTROL = 13;

    /** The frame with its last {@code bytes} cut off and its length field fixed: a frame a forger shortened. */
    static byte[] cut(byte[] frame, int bytes) {
        byte[] shorter = java.util.Arrays.copyOf(frame, frame.length - bytes);
        int length = shorter.length - SECURITY_CONTROL;
        shorter[SECURITY_CONTROL - 2] = (byte) (length >>> 8);
        shorter[SECURITY_CONTROL - 1] = (byte) length;
        return shorter;
    }

    /** The frame as a forger downgrades it: security control 0x20 (encrypted, not authenticated) and no tag. */
    static byte[] withoutTag(byte[] frame) {
        byte[] forged = cut(frame, DlmsFrame.TAG_LENGTH);
        forged[SECURITY_CONTROL] = 0x20;
        return forged;
    }
}
