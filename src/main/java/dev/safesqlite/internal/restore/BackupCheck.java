package dev.safesqlite.internal.restore;

import java.nio.file.Path;

/**
 * The verdict on one file of a backup directory.
 *
 * @param file    the backup (or the orphan manifest)
 * @param reason  the backup's reason, or null when the manifest is missing or unreadable
 * @param problem null when sound, else what is wrong and what it means
 */
public record BackupCheck(Path file, String reason, String problem) {
    public boolean ok() {
        return problem == null;
    }
}
