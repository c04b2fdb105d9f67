package io.meterbridge.settings;

/** A setting with a value meterbridge cannot use; the message names it and what it accepts, in one line. */
public class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidSettingException(String message) {
        super(message);
    }
}
