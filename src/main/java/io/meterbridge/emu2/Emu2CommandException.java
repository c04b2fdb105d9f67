package io.meterbridge.emu2;

/** A command the device refused (Warning), never answered within the retries, or that meterbridge will not send. */
public class Emu2CommandException extends Exception {

    public Emu2CommandException(String message) {
        super(message);
    }
}
