package io.meterbridge.framing;

/**
 * One unit of a byte stream as a {@link Framer} cut it out: a telegram, an encrypted frame, an XML fragment.
 * The status says whether the framer saw it whole; a parser decides whether it is also right.
 */
public record Frame(byte[] bytes, Status status) {

    public enum Status {
        /** Start and end marker seen. */
        COMPLETE,
        /** A new start or the end of the input came before the end marker. */
        TRUNCATED,
        /** An end marker came without a start marker before it (a damaged start byte, or a start mid-frame). */
        NO_START,
        /** Longer than the framer's limit; only the first bytes are kept, for the error log. */
        OVERSIZED
    }
}
