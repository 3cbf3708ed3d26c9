package dev.safesqlite.internal.restore;

import dev.safesqlite.internal.backup.InternalConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * SQLite's own exclusive lock on a database, held while the file is replaced, so that no
 * connection of any process writes to the file that is about to be swapped out.
 *
 * <p>The lock is taken with {@code locking_mode=EXCLUSIVE} and {@code BEGIN EXCLUSIVE} on a
 * connection with no busy timeout: it fails at once if another connection holds the database
 * open in WAL mode (such connections keep a shared lock for as long as they are open, even idle)
 * or is inside a transaction in a rollback-journal mode. In exclusive locking mode the lock
 * stays after the transaction ends, until {@link #close}. An idle connection to a database in a
 * rollback-journal mode holds no lock and cannot be seen by anyone; the operator's rule "stop
 * the application first" covers it.
 */
final class ExclusiveUse implements AutoCloseable {

    private final Path database;
    private final SQLiteConnection connection;
    private final boolean wal;

    private ExclusiveUse(Path database, SQLiteConnection connection, boolean wal) {
        this.database = database;
        this.connection = connection;
        this.wal = wal;
    }

    /** Takes the lock, or says which files another process holds. */
    static ExclusiveUse acquire(Path database) throws DatabaseInUseException, RestoreException {
        SQLiteConnection c = null;
        try {
            c = InternalConnection.open(database, 0);
            try (Statement st = c.createStatement()) {
                st.executeQuery("PRAGMA locking_mode=EXCLUSIVE").close();
                st.execute("BEGIN EXCLUSIVE");
                st.executeQuery("SELECT count(*) FROM sqlite_schema").close();
                st.execute("COMMIT");
                boolean wal;
                try (ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                    wal = rs.next() && "wal".equalsIgnoreCase(rs.getString(1));
                }
                return new ExclusiveUse(database, c, wal);
            }
        } catch (SQLException e) {
            closeQuietly(c);
            if (isBusy(e)) {
                throw new DatabaseInUseException(database + " is open in another process (SQLite reports the lock on "
                        + lockedFiles(database) + " taken): stop the application or close its connections to it, "
                        + "then run the restore again. The database was not changed.", e);
            }
            throw new RestoreException("cannot lock " + database + " for the restore: " + e.getMessage()
                    + ". The database was not changed.", e);
        }
    }

    /** Only asks: is the database free now? The lock is released at once. */
    static void checkFree(Path database) throws RestoreException {
        if (!Files.exists(database)) return;
        try (ExclusiveUse ignored = acquire(database)) {
            // free
        }
    }

    /** Whether the database ran in WAL mode when the lock was taken. */
    boolean wal() {
        return wal;
    }

    /**
     * Folds the WAL into the database file and leaves WAL mode, under the lock: the file alone
     * is then the whole database, and closing this connection later deletes no {@code -wal} by
     * name (which by then could belong to the restored database).
     */
    void leaveWal() throws SQLException {
        if (!wal) return;
        try (Statement st = connection.createStatement()) {
            st.executeQuery("PRAGMA journal_mode=DELETE").close();
        }
    }

    /** Undoes {@link #leaveWal} when the restore is abandoned before the swap. */
    void returnToWal() throws SQLException {
        if (!wal) return;
        try (Statement st = connection.createStatement()) {
            st.executeQuery("PRAGMA journal_mode=WAL").close();
        }
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static boolean isBusy(SQLException e) {
        if (e instanceof SQLiteException se) {
            int primary = se.getResultCode().code & 0xff;
            return primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code;
        }
        return String.valueOf(e.getMessage()).contains("SQLITE_BUSY");
    }

    /** The database and whichever of its -wal, -shm, -journal exist: the files whose locks SQLite uses. */
    static String lockedFiles(Path database) {
        List<String> files = new ArrayList<>(List.of(database.toString()));
        for (String suffix : List.of("-wal", "-shm", "-journal")) {
            Path p = database.resolveSibling(database.getFileName() + suffix);
            if (Files.exists(p)) files.add(p.getFileName().toString());
        }
        return String.join(", ", files);
    }

    private static void closeQuietly(SQLiteConnection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException e) {
            // closing a connection that only held a lock: nothing to save
        }
    }
}
