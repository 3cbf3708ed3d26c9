package dev.safesqlite.internal.restore;

import dev.safesqlite.internal.backup.FilePermissions;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Puts a checked restored copy in the place of the database, so that at every instant the path
 * holds either the whole original or the whole restored database, and puts the original back if
 * the result does not check out.
 *
 * <p>In order: take SQLite's exclusive lock on the original ({@link ExclusiveUse}: refused while
 * another process has it open); fold its WAL into the file; keep the original under a hidden
 * name (a hard link: no copy, same file); rename the copy over the database and fsync the
 * directory; delete the old {@code -wal}, {@code -shm} and {@code -journal}, which belong to
 * the original and would corrupt the restored file if SQLite applied them to it; release the
 * lock; check the restored database; then drop the kept original, or on any failure rename it
 * back.
 */
final class AtomicReplacement {

    /** What the restored database must be: the backup's tables and version, in the original's journal mode. */
    record Expected(Map<String, Long> tables, long userVersion, boolean wal) {
    }

    private AtomicReplacement() {
    }

    /**
     * @param copy a checked copy in the database's directory, in the journal mode {@code expected} names
     * @throws RestoreException with the database unchanged or put back, as its message says
     */
    static void replace(Path database, Path copy, Expected expected) throws RestoreException {
        Path dir = database.toAbsolutePath().getParent();
        Path original = null;
        boolean swapped = false;
        ExclusiveUse lock = Files.exists(database) ? ExclusiveUse.acquire(database) : null;
        try {
            if (lock != null) {
                lock.leaveWal();
                original = keepOriginal(database);
            }
            move(copy, database);
            swapped = true;
            FilePermissions.fsyncDirectory(dir);
            removeStaleSideFiles(database);
            FilePermissions.fsyncDirectory(dir);
        } catch (IOException | SQLException e) {
            String cause = e.getMessage();
            if (!swapped) {
                abandonBeforeSwap(lock, original);
                throw new RestoreException("could not replace " + database + " (" + cause + "); the database was not "
                        + "changed. Check free space and permissions in " + dir + ", then run the restore again.", e);
            }
            closeQuietly(lock);
            lock = null;
            throw rollBack(database, original, "replacing the file failed: " + cause, expected.wal(), e);
        } finally {
            closeQuietly(lock);
        }
        String problem = RestoredCheck.problem(database, expected.tables(), expected.userVersion(), expected.wal());
        if (problem != null) {
            throw rollBack(database, original, "the restored database did not check out: " + problem, expected.wal(),
                    null);
        }
        if (original != null) {
            try {
                Files.deleteIfExists(original);
                FilePermissions.fsyncDirectory(dir);
            } catch (IOException e) {
                // The restore stands; the kept original is a hidden file the operator may delete.
            }
        }
    }

    /** The original under a hidden name in the same directory: a hard link where possible, else a copy. */
    private static Path keepOriginal(Path database) throws IOException {
        Path kept = database.resolveSibling("." + database.getFileName() + ".restore-original-"
                + ProcessHandle.current().pid());
        Files.deleteIfExists(kept);
        try {
            Files.createLink(kept, database);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(database, kept, StandardCopyOption.COPY_ATTRIBUTES);
        }
        return kept;
    }

    private static void abandonBeforeSwap(ExclusiveUse lock, Path original) {
        if (lock == null) return;
        try {
            lock.returnToWal();
        } catch (SQLException e) {
            // The original stays in a rollback-journal mode; its content is intact and the next
            // protected connection switches it to WAL again.
        }
        closeQuietly(lock);
        try {
            if (original != null) Files.deleteIfExists(original);
        } catch (IOException e) {
            // a hidden link to the unchanged original; harmless
        }
    }

    /** Puts the original back (or removes a database that did not exist before) and says what happened. */
    private static RestoreException rollBack(Path database, Path original, String why, boolean wal, Throwable cause) {
        Path dir = database.toAbsolutePath().getParent();
        try {
            if (original == null) {
                Files.deleteIfExists(database);
                removeStaleSideFiles(database);
                FilePermissions.fsyncDirectory(dir);
                return new RolledBackException("restore of " + database + " rolled back: " + why
                        + ". There was no database before, and there is none now.", cause);
            }
            if (wal) JournalHeader.set(original, true);
            move(original, database);
            removeStaleSideFiles(database);
            FilePermissions.fsyncDirectory(dir);
            return new RolledBackException("restore of " + database + " rolled back: " + why
                    + ". The original database is back in place, unchanged.", cause);
        } catch (IOException e) {
            return new RestoreException("restore of " + database + " FAILED and could not be rolled back: " + why
                    + "; putting the original back failed too (" + e.getMessage() + "). The original is kept as "
                    + original + ": stop everything using the database and run: mv '" + original + "' '" + database
                    + "'; rm -f '" + database + "-wal' '" + database + "-shm' '" + database + "-journal'", cause);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The -wal, -shm and -journal beside the database name belong to whatever file was there before. */
    static void removeStaleSideFiles(Path database) throws IOException {
        for (String suffix : List.of("-wal", "-shm", "-journal")) {
            Files.deleteIfExists(database.resolveSibling(database.getFileName() + suffix));
        }
    }

    private static void closeQuietly(ExclusiveUse lock) {
        if (lock != null) lock.close();
    }
}
