package dev.safesqlite.internal.restore;

import dev.safesqlite.internal.backup.StoredBackup;
import java.nio.file.Path;

/**
 * What keeps the state a restore replaces: normally a verified {@code pre-restore} backup; for a
 * file SQLite cannot read (the damaged database one is restoring over), a byte copy of it;
 * neither when there was no database.
 */
public record PreRestore(StoredBackup backup, Path unreadableCopy) {

    static final PreRestore NOTHING = new PreRestore(null, null);

    /** The file to go back to: the backup, or the byte copy, or null. */
    public Path file() {
        return backup != null ? backup.file() : unreadableCopy;
    }
}
