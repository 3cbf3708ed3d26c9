package dev.safesqlite.internal.export;

import dev.safesqlite.internal.backup.BackupDirectory;
import dev.safesqlite.internal.backup.BackupFailedException;
import dev.safesqlite.internal.backup.InternalConnection;
import dev.safesqlite.internal.backup.StoredBackup;
import dev.safesqlite.internal.engine.ProtectedDatabase;
import dev.safesqlite.internal.restore.BackupChoice;
import dev.safesqlite.internal.restore.Progress;
import dev.safesqlite.internal.restore.RestoreException;
import dev.safesqlite.internal.restore.SoundBackup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * {@code export --csv}: every table of the live database (one consistent read snapshot; the
 * application's writers go on in WAL mode) or of a verified backup, as CSV files with a
 * manifest, into a new directory or zip file.
 */
public final class Export {

    private final ProtectedDatabase database;

    public Export(ProtectedDatabase database) {
        this.database = database;
    }

    /**
     * @param destination a new (or empty) directory, or with {@code zip} a zip file
     * @param fromBackup  a backup file (path or name in the backup directory), or null for the live database
     */
    public ExportManifest toCsv(Path destination, boolean zip, Path fromBackup, Progress progress)
            throws RestoreException {
        Path file = database.file();
        if (fromBackup == null && !Files.isRegularFile(file)) {
            throw new RestoreException("the database " + file + " does not exist; check the path, or export a backup "
                    + "of it with --from BACKUP");
        }
        try (ExportTarget target = zip ? ExportTarget.zip(destination) : ExportTarget.directory(destination)) {
            ExportManifest manifest = fromBackup == null
                    ? fromLive(target, progress)
                    : fromBackup(BackupChoice.choose(new BackupChoice.File(fromBackup), file, database.backupDir(),
                            List.of()), target, progress);
            target.commit();
            return manifest;
        } catch (ExportRefusedException e) {
            throw new RestoreException(e.getMessage(), e);
        } catch (IOException e) {
            throw new RestoreException("cannot write the export to " + destination + " (" + e.getMessage() + "); free "
                    + "space or fix permissions there and run it again. Nothing half-written was left.", e);
        } catch (SQLException e) {
            throw new RestoreException("cannot read " + (fromBackup == null ? file : fromBackup) + " for the export: "
                    + e.getMessage() + ". Nothing was exported.", e);
        }
    }

    private ExportManifest fromLive(ExportTarget target, Progress progress) throws SQLException, IOException {
        int busyMs = (int) Math.min(Integer.MAX_VALUE, database.settings().busyTimeout().toMillis());
        try (Connection c = InternalConnection.open(database.file(), busyMs)) {
            c.setAutoCommit(false); // one read transaction: every table from the same committed state
            try {
                return CsvExport.write(c, database.file().toString(), "live", target, progress);
            } finally {
                c.rollback();
            }
        }
    }

    private ExportManifest fromBackup(StoredBackup backup, ExportTarget target, Progress progress)
            throws RestoreException, SQLException, IOException {
        SoundBackup.require(backup, "exported");
        BackupDirectory dir;
        try {
            dir = BackupDirectory.open(backup.file().getParent());
        } catch (BackupFailedException e) {
            throw new RestoreException(e.getMessage(), e);
        }
        Path copy = dir.newTempFile(".db");
        try {
            SoundBackup.copyTo(backup, copy, progress);
            try (Connection c = InternalConnection.openReadOnly(copy)) {
                return CsvExport.write(c, database.file().toString(), backup.file().toString(), target, progress);
            }
        } finally {
            Files.deleteIfExists(copy);
        }
    }
}
