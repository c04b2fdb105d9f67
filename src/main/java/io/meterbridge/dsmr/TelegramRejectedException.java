package io.meterbridge.dsmr;

/**
 * A telegram that is not delivered because it was not proven right. The message says what was wrong and what
 * repair was tried; the telegram and its raw bytes travel with it, because a failed unmarshal keeps no headers.
 * The route configuration's handler logs it, writes the validity row and keeps the bytes in the error log.
 */
public class TelegramRejectedException extends Exception {

    private final transient Telegram telegram;
    private final byte[] raw;

    public TelegramRejectedException(String reason, Telegram telegram, byte[] raw) {
        super(reason, null, false, false); // a routine outcome: no stack trace to fill or log
        this.telegram = telegram;
        this.raw = raw;
    }

    public Telegram telegram() {
        return telegram;
    }

    public byte[] raw() {
        return raw;
    }
}
