package dev.safesqlite.internal.restore;

/**
 * A restore, verification or export could not be done. The message names the file and what to
 * do, and says whether the database was left unchanged or put back.
 */
public class RestoreException extends Exception {
    public RestoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public RestoreException(String message) {
        super(message);
    }
}
