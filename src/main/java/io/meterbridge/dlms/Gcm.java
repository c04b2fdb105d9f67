package io.meterbridge.dlms;

import java.security.GeneralSecurityException;

/**
 * AES-128-GCM decryption of one frame. Two implementations, chosen by measurement (docs/BENCHMARKS.md): the
 * JDK's provider, and Bouncy Castle's for deployments that want one provider throughout. Not thread-safe: one
 * per decryptor, used under its lock.
 */
interface Gcm {

    /**
     * Decrypts and, when {@code tagLength} is not 0, verifies the tag that follows the ciphertext.
     *
     * @throws GeneralSecurityException when the tag does not verify; nothing of the plaintext is returned then
     */
    byte[] decrypt(byte[] iv, byte[] aad, byte[] in, int offset, int length, int tagLength) throws GeneralSecurityException;

    /** The start of the plaintext without any check, only to tell a wrong key from a damaged frame in an error. */
    byte[] peek(byte[] iv, byte[] in, int offset, int length) throws GeneralSecurityException;

    static Gcm create(String provider, byte[] key) {
        return switch (provider) {
            case "jdk" -> new JdkGcm(key);
            case "bouncycastle" -> new BouncyCastleGcm(key);
            default -> throw new IllegalArgumentException("provider must be jdk or bouncycastle, was " + provider);
        };
    }

    /** GCM's keystream for a 96-bit IV starts at counter 2 (counter 1 encrypts the tag). */
    static byte[] ctrIv(byte[] iv) {
        byte[] counter = java.util.Arrays.copyOf(iv, 16);
        counter[15] = 2;
        return counter;
    }
}
