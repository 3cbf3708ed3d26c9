package dev.safesqlite.internal.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.SQLException;
import java.util.Objects;
import org.sqlite.SQLiteConnection;

/**
 * A connection SafeSQLite opens on its own initiative to the application's live database (the
 * startup check, the source of a backup, a checkpoint), made to leave behind nothing the
 * application's own use would not leave:
 *
 * <ul>
 *   <li>it never creates the file ({@link InternalConnection#openExisting}): a database deleted
 *       meanwhile fails to open instead of coming back empty;</li>
 *   <li>it is read-write (and only reads), so when it closes last SQLite folds the WAL in and
 *       removes {@code -wal} and {@code -shm}, as the application's last close would have;</li>
 *   <li>when the application deleted the database while this connection had it open, SQLite on
 *       closing keeps the {@code -wal} and {@code -shm} (they might belong to a new file at that
 *       path). The application's own last close would have removed them before it deleted the
 *       file, so, if no file is at the path and they are still the very files (same file key)
 *       this connection used, they are removed.</li>
 * </ul>
 */
public final class LiveConnection implements AutoCloseable {

    private final Path file;
    private final SQLiteConnection connection;

    private LiveConnection(Path file, SQLiteConnection connection) {
        this.file = file;
        this.connection = connection;
    }

    public static LiveConnection open(Path file, int busyTimeoutMs) throws SQLException {
        return new LiveConnection(file.toAbsolutePath(), InternalConnection.openExisting(file, busyTimeoutMs));
    }

    public SQLiteConnection connection() {
        return connection;
    }

    @Override
    public void close() throws SQLException {
        Path wal = sibling("-wal");
        Path shm = sibling("-shm");
        Object walKey = key(wal);
        Object shmKey = key(shm);
        connection.close();
        if (Files.exists(file)) return;
        removeIfStill(wal, walKey);
        removeIfStill(shm, shmKey);
    }

    private Path sibling(String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    private static Object key(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private static void removeIfStill(Path p, Object keyWhileOpen) {
        if (keyWhileOpen == null || !Objects.equals(keyWhileOpen, key(p))) return;
        try {
            Files.deleteIfExists(p);
        } catch (NoSuchFileException gone) {
            // removed meanwhile
        } catch (IOException e) {
            // a directory we may not write: the file stays, as SQLite left it
        }
    }
}
