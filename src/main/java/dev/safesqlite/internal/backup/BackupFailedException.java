package dev.safesqlite.internal.backup;

/** A backup could not be made; the message names the file or directory and what to do. */
public final class BackupFailedException extends Exception {
    public BackupFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
