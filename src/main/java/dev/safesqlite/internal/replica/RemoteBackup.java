package dev.safesqlite.internal.replica;

import dev.safesqlite.internal.backup.BackupName;
import dev.safesqlite.internal.backup.Manifest;

/**
 * A backup on a replica: its object and manifest both present.
 *
 * @param manifest the backup's manifest; null when it is sealed and no key (or another key) was given
 * @param sealed   the encrypted form of its manifest, or null for a plain one
 * @param problem  why the manifest could not be read, or null
 */
public record RemoteBackup(String url, BackupName name, Manifest manifest, SealedManifest sealed, String problem) {

    public String fileName() {
        return name.fileName();
    }

    public boolean encrypted() {
        return sealed != null;
    }

    public String reason() {
        return name.reason();
    }
}
