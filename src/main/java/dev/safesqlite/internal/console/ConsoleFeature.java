package dev.safesqlite.internal.console;

import dev.safesqlite.BackupInfo;
import java.util.List;

/**
 * A part of a database's page that a later feature contributes: replica status and lag (SPEC
 * section 10: {@link ReplicaStatus}) and restore points (section 11: {@link RestorePoints}) come in
 * through here, so the page shows no such part rather than a made-up one. Everything
 * returned is HTML: escape any text with {@link Html#text}.
 */
interface ConsoleFeature {

    /** Extra column headers of the backups table (plain text). */
    default List<String> backupHeaders() {
        return List.of();
    }

    /** The cells of those columns for one backup, as HTML. */
    default List<String> backupCells(BackupInfo backup) {
        return List.of();
    }

    /** A section of its own on the database's page, as HTML, or null. */
    default String section(ConsoleDatabase database) {
        return null;
    }
}
