package io.meterbridge.serial;

/** Names used by the serial component. */
public final class SerialConstants {

    public static final String SCHEME = "serial";

    private SerialConstants() {
    }
}
