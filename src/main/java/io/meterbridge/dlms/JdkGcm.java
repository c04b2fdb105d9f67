package io.meterbridge.dlms;

import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-GCM from the JDK's SunJCE provider, which uses the CPU's AES and carry-less multiply instructions. */
final class JdkGcm implements Gcm {

    private final SecretKeySpec key;
    private final Cipher gcm;
    private final Cipher ctr;

    JdkGcm(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
        try {
            gcm = Cipher.getInstance("AES/GCM/NoPadding");
            ctr = Cipher.getInstance("AES/CTR/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no AES-GCM", e);
        }
    }

    @Override
    public byte[] decrypt(byte[] iv, byte[] aad, byte[] in, int offset, int length, int tagLength) throws GeneralSecurityException {
        if (tagLength == 0) {
            ctr.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(Gcm.ctrIv(iv)));
            return ctr.doFinal(in, offset, length);
        }
        gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(tagLength * 8, iv));
        if (aad.length > 0) {
            gcm.updateAAD(aad);
        }
        return gcm.doFinal(in, offset, length + tagLength);
    }

    @Override
    public byte[] peek(byte[] iv, byte[] in, int offset, int length) throws GeneralSecurityException {
        ctr.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(Gcm.ctrIv(iv)));
        return ctr.doFinal(in, offset, length);
    }
}
