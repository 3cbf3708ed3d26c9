package dev.safesqlite.internal.backup;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.sqlite.JDBC;
import org.sqlite.SQLiteConnection;

/**
 * Connections SafeSQLite opens for itself (the source and the copy of a backup, a restore).
 * They go straight to sqlite-jdbc and carry {@link #MARKER}, so that the agent, which hooks
 * every sqlite-jdbc connection of the JVM, never protects SafeSQLite's own work.
 */
public final class InternalConnection {

    /**
     * A connection property the agent checks: its presence means "SafeSQLite already has this
     * connection in hand" — its own work, or a connection the jdbc:safesqlite: driver protects.
     */
    public static final String MARKER = "safesqlite.internal";

    private InternalConnection() {
    }

    /** A read-write connection with the database's own journal mode left as it is. */
    public static SQLiteConnection open(Path file, int busyTimeoutMs) throws SQLException {
        return open(file, busyTimeoutMs, null);
    }

    /**
     * A read-write connection (that may only read) to the application's own database, for work
     * SafeSQLite does on its own initiative (the startup check, backups, checkpoints): it never
     * creates the file, so a database the application deleted meanwhile fails to open instead of
     * coming back empty; and it closes as the application's would, so when it is the last
     * connection to close, SQLite folds the WAL in and removes {@code -wal} and {@code -shm}. A
     * read-only connection closing last leaves both behind.
     */
    public static SQLiteConnection openExisting(Path file, int busyTimeoutMs) throws SQLException {
        return open(file, busyTimeoutMs, "2"); // SQLITE_OPEN_READWRITE without SQLITE_OPEN_CREATE
    }

    /** A read-only connection, e.g. to check a backup copy. */
    public static SQLiteConnection openReadOnly(Path file) throws SQLException {
        return open(file, 0, "1"); // SQLITE_OPEN_READONLY
    }

    private static SQLiteConnection open(Path file, int busyTimeoutMs, String openMode) throws SQLException {
        Properties p = new Properties();
        p.setProperty(MARKER, "true");
        if (busyTimeoutMs > 0) p.setProperty("busy_timeout", Integer.toString(busyTimeoutMs));
        if (openMode != null) p.setProperty("open_mode", openMode);
        // Memory-mapped reads: a backup reads every page of the source and a check every page of
        // the copy; mapping them skips a copy into SQLite's page cache per page (measured: about
        // 20% off a quick_check of 180 MB). The connections are short-lived, so is the mapping.
        p.setProperty("mmap_size", Long.toString(1L << 30));
        Connection c = JDBC.createConnection(JDBC.PREFIX + file.toAbsolutePath(), p);
        if (c == null) {
            throw new SQLException("sqlite-jdbc refused to open " + file);
        }
        return (SQLiteConnection) c;
    }
}
