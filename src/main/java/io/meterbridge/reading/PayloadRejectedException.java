package io.meterbridge.reading;

/**
 * An MQTT payload that gives no reading: not JSON, too large, a required value missing, or a value the device
 * marks as invalid. Routine, so no stack trace; the route configuration's handler counts it and logs it once
 * per topic and reason ({@link PayloadErrors}).
 */
public class PayloadRejectedException extends Exception {

    public PayloadRejectedException(String reason) {
        super(reason, null, false, false);
    }
}
