package dev.safesqlite.internal.restore;

/** The backup chosen for a restore or export failed its verification: nothing was restored from it. */
public final class DamagedBackupException extends RestoreException {
    public DamagedBackupException(String message) {
        super(message);
    }
}
