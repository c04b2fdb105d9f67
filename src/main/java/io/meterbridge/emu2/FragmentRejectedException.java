package io.meterbridge.emu2;

import io.meterbridge.reading.PayloadRejectedException;

/**
 * A fragment that is not the protocol's shape (damaged by the device, or hostile); the reason is the message. A
 * payload that gives no reading like any other, so the route configuration counts it and logs it once per port
 * and reason.
 */
public class FragmentRejectedException extends PayloadRejectedException {

    public FragmentRejectedException(String message) {
        super(message);
    }
}
