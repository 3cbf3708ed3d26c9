package dev.safesqlite.internal.backup;

import java.nio.file.Path;

/** A published backup: its file, its manifest file, its parsed name and its manifest. */
public record StoredBackup(Path file, Path manifestFile, BackupName name, Manifest manifest) {
}
