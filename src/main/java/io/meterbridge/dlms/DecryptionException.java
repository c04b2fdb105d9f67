package io.meterbridge.dlms;

import io.meterbridge.dsmr.TelegramRejectedException;

/**
 * An encrypted frame that gives no telegram: not a frame, a tag that does not verify, a wrong key. The message
 * names the likely cause and never holds a key. Handled like any rejected telegram: a validity row, and the next
 * frame is processed.
 */
public class DecryptionException extends TelegramRejectedException {

    public DecryptionException(String reason) {
        // the ciphertext is of no use to a person reading the error log, so it is not kept there
        super(reason, null, null);
    }
}
