package io.meterbridge.dlms;

import java.security.GeneralSecurityException;

import javax.crypto.AEADBadTagException;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/** AES-GCM from Bouncy Castle's lightweight API. */
final class BouncyCastleGcm implements Gcm {

    private final KeyParameter key;
    private final GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());

    BouncyCastleGcm(byte[] key) {
        this.key = new KeyParameter(key);
    }

    @Override
    public byte[] decrypt(byte[] iv, byte[] aad, byte[] in, int offset, int length, int tagLength) throws GeneralSecurityException {
        if (tagLength == 0) {
            return peek(iv, in, offset, length);
        }
        gcm.init(false, new AEADParameters(key, tagLength * 8, iv, aad));
        byte[] out = new byte[gcm.getOutputSize(length + tagLength)];
        int n = gcm.processBytes(in, offset, length + tagLength, out, 0);
        try {
            gcm.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            java.util.Arrays.fill(out, (byte) 0); // nothing unverified leaves this method
            throw new AEADBadTagException("tag mismatch");
        }
        return out;
    }

    @Override
    public byte[] peek(byte[] iv, byte[] in, int offset, int length) {
        SICBlockCipher ctr = (SICBlockCipher) SICBlockCipher.newInstance(AESEngine.newInstance());
        ctr.init(false, new ParametersWithIV(key, Gcm.ctrIv(iv)));
        byte[] out = new byte[length];
        ctr.processBytes(in, offset, length, out, 0);
        return out;
    }
}
