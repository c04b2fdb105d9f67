package io.meterbridge.espi;

import io.meterbridge.reading.PayloadRejectedException;

/**
 * An ESPI document that gives no readings: not well-formed, hostile (a DTD, an entity), too large, or not the
 * shape ESPI defines. The reason is the message; the route configuration counts it and logs it once per origin.
 */
public class EspiRejectedException extends PayloadRejectedException {

    public EspiRejectedException(String reason) {
        super(reason);
    }

    /** Enough of a value to recognise it in a log line, never a whole document. */
    static String clip(String s) {
        return s == null || s.length() <= 120 ? s : s.substring(0, 120) + "…";
    }
}
