package io.meterbridge.store;

/**
 * A store operation that cannot be done as asked, with a message that says what to change. It carries no HTTP: the
 * API answers {@link Kind#NOT_FOUND} with 404, {@link Kind#CONFLICT} with 409 and {@link Kind#INVALID} with 400.
 * Routine, so no stack trace.
 */
public class StoreRefusal extends RuntimeException {

    /** Why: nothing there, a clash with what is there, or a question that does not make sense. */
    public enum Kind {
        NOT_FOUND, CONFLICT, INVALID
    }

    private final Kind kind;

    public StoreRefusal(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
