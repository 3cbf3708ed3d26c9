package dev.safesqlite.internal.restore;

/** Another connection holds the database open, so replacing the file now could lose its writes. */
public final class DatabaseInUseException extends RestoreException {
    public DatabaseInUseException(String message, Throwable cause) {
        super(message, cause);
    }
}
