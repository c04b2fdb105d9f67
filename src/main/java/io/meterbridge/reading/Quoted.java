package io.meterbridge.reading;

/** Input quoted back in an error or a log line: printable ASCII only and bounded, whatever a device or client sent. */
public final class Quoted {

    private Quoted() {
    }

    /** The text with every character outside printable ASCII as '?', cut to {@code max} characters with "…". */
    public static String shorten(String text, int max) {
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > max ? printable.substring(0, max) + "…" : printable;
    }
}
