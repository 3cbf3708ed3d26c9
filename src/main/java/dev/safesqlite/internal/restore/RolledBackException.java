package dev.safesqlite.internal.restore;

/** The restore failed after the swap and the original database was put back (or, if there was none, removed). */
public final class RolledBackException extends RestoreException {
    public RolledBackException(String message, Throwable cause) {
        super(message, cause);
    }
}
