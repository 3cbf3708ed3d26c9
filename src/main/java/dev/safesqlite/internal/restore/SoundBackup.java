package dev.safesqlite.internal.restore;

import dev.safesqlite.internal.backup.BackupDirectory;
import dev.safesqlite.internal.backup.BackupFailedException;
import dev.safesqlite.internal.backup.BackupVerifier;
import dev.safesqlite.internal.backup.StoredBackup;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reading a backup for use (a restore, an export): first proved sound, then copied out, each
 * while holding its directory's lock, so that retention cannot delete it halfway.
 */
public final class SoundBackup {

    private SoundBackup() {
    }

    /** Checksum, size, SQLite's quick check and row counts against the manifest; throws when any fails. */
    public static void require(StoredBackup backup, String purpose) throws RestoreException {
        BackupVerifier.Result result = locked(backup, dir -> BackupVerifier.verify(backup, dir, false));
        if (!result.ok()) {
            throw new DamagedBackupException(backup.file() + " failed verification: " + result.problem()
                    + ". Nothing was " + purpose + " from it; pick another backup ('safesqlite verify' checks them all).");
        }
    }

    /** Writes the backup's database into {@code target} (decompressed, fsynced). */
    public static void copyTo(StoredBackup backup, Path target, Progress progress) throws IOException, RestoreException {
        IOException[] failure = new IOException[1];
        locked(backup, dir -> {
            try {
                RestoredCopy.write(backup, target, progress);
            } catch (IOException e) {
                failure[0] = e; // the caller names its own target in the message
            }
            return null;
        });
        if (failure[0] != null) throw failure[0];
    }

    private interface LockedRead<T> {
        T run(BackupDirectory dir) throws IOException;
    }

    private static <T> T locked(StoredBackup backup, LockedRead<T> read) throws RestoreException {
        try {
            BackupDirectory dir = BackupDirectory.open(backup.file().getParent());
            return dir.exclusively(() -> read.run(dir));
        } catch (BackupFailedException e) {
            throw new RestoreException(e.getMessage(), e);
        }
    }
}
