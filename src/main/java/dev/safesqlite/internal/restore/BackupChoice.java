package dev.safesqlite.internal.restore;

import dev.safesqlite.internal.backup.BackupName;
import dev.safesqlite.internal.backup.Manifest;
import dev.safesqlite.internal.backup.StoredBackup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Which backup an operator means: a file, the newest, the newest before a time, or the one
 * taken before the last destructive statement ({@code --undo}); with continuous protection also
 * a point in time or a transaction position ({@code --at}), which {@link Restore#plan} makes
 * into a backup of its own ({@link MaterializedPoint}).
 */
public sealed interface BackupChoice {

    /** The reasons of backups taken just before a destructive statement ran. */
    Set<String> PRE_OPERATION = Set.of("pre-ddl", "pre-delete", "pre-update");

    /** A backup file, given as a path or as a file name in the backup directory. */
    record File(Path path) implements BackupChoice {
    }

    record Latest() implements BackupChoice {
    }

    /** The newest backup taken strictly before {@code time}. */
    record Before(Instant time) implements BackupChoice {
    }

    /**
     * The backup taken before the newest destructive statement the database still holds; run
     * again after a restore, the one before the statement before that (see {@link UndoSteps}).
     */
    record Undo() implements BackupChoice {
    }

    /** With continuous protection (SPEC 11): the state of the last transaction committed at or before {@code time}. */
    record At(Instant time) implements BackupChoice {
    }

    /** With continuous protection: the state right after transaction {@code txid} ({@code tx42} in {@code list --points}). */
    record AtPosition(long txid) implements BackupChoice {
    }

    /**
     * Finds the chosen backup of {@code database}.
     *
     * @param backups every backup of the database with a manifest, newest first
     */
    static StoredBackup choose(BackupChoice choice, Path database, Path backupDir, List<StoredBackup> backups)
            throws RestoreException {
        if (choice instanceof File f) return byFile(f.path(), database, backupDir);
        StoredBackup found = null;
        if (choice instanceof Undo) {
            found = UndoSteps.target(backups);
        } else {
            for (StoredBackup s : backups) {
                if (choice instanceof Latest || choice instanceof Before b && s.name().created().isBefore(b.time())) {
                    found = s;
                    break;
                }
            }
        }
        if (found != null) return found;
        if (backups.isEmpty()) {
            throw new RestoreException("there are no backups of " + database + " in " + backupDir
                    + "; if they are elsewhere, pass --backup-dir (or set safesqlite.backup.dir)");
        }
        if (choice instanceof Before b) {
            throw new RestoreException("no backup of " + database + " in " + backupDir + " was taken before "
                    + b.time() + "; the oldest is from " + backups.get(backups.size() - 1).name().created()
                    + " ('safesqlite list' shows them all)");
        }
        boolean undoneAll = backups.stream().anyMatch(s -> PRE_OPERATION.contains(s.manifest().reason()));
        throw new RestoreException(undoneAll
                ? "nothing left to undo for " + database + ": every destructive statement with a backup in "
                        + backupDir + " has been undone already; 'safesqlite list' shows the backups, and "
                        + "'restore --latest' takes back the last restore"
                : "no backup of " + database + " in " + backupDir + " was taken before a "
                + "destructive statement (pre-ddl, pre-delete, pre-update); pick one from 'safesqlite list' "
                + "and restore it by name");
    }

    private static StoredBackup byFile(Path given, Path database, Path backupDir) throws RestoreException {
        Path file = Files.exists(given) || given.isAbsolute() ? given : backupDir.resolve(given);
        file = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new RestoreException("the backup " + given + " does not exist (looked at " + file
                    + "); 'safesqlite list " + database + "' shows the backups there are");
        }
        String stem = BackupName.stem(database);
        BackupName name = BackupName.parse(file.getFileName().toString(), stem);
        if (name == null) {
            throw new RestoreException(file + " is not a backup of " + database + ": backups of it are named "
                    + stem + "_<yyyyMMdd-HHmmss-SSS>_<reason>.db; 'safesqlite list " + database + "' shows them");
        }
        Path manifestFile = file.resolveSibling(name.manifestName());
        if (!Files.isRegularFile(manifestFile)) {
            throw new DamagedBackupException(file + " has no manifest (" + manifestFile.getFileName()
                    + "): without it nothing proves the file is complete, so it is not restored; pick another backup");
        }
        Manifest manifest;
        try {
            manifest = Manifest.fromJson(Files.readString(manifestFile));
        } catch (IOException | RuntimeException e) {
            throw new DamagedBackupException("the manifest " + manifestFile + " cannot be read (" + e.getMessage()
                    + "); pick another backup");
        }
        Path recorded = Path.of(manifest.database());
        if (!recorded.getFileName().equals(database.getFileName())) {
            throw new RestoreException(file + " was taken of " + recorded + ", not of " + database);
        }
        return new StoredBackup(file, manifestFile, name, manifest);
    }
}
