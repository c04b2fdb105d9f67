package io.meterbridge.dsmr;

/**
 * A telegram that is not delivered because it was not proven right. The message says what was wrong and what
 * repair was tried; the route's error handler logs it, writes the validity row and keeps the raw bytes.
 */
public class TelegramRejectedException extends Exception {

    public TelegramRejectedException(String reason) {
        super(reason, null, false, false); // a routine outcome: no stack trace to fill or log
    }
}
