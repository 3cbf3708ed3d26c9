package dev.safesqlite.internal.engine;

import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.SQLiteCommitListener;
import org.sqlite.SQLiteConnection;

/**
 * Notices that a connection committed outside the statements a backup covers, whether through
 * JDBC or with SQL ({@code COMMIT}, {@code END}), by SQLite's commit hook. Such a commit may
 * make durable writes the backup does not hold: ones made inside a transaction that was open
 * when the backup was taken (the backup shows the state before it). The count of changes cannot
 * see that, since those writes were counted before the backup.
 *
 * <p>sqlite-jdbc does work on every commit of a connection with a listener, so the listener is
 * installed only while a backup could be reused, and taken away at the connection's next
 * statement once it has seen such a commit (never from inside the hook, where SQLite forbids
 * touching the connection).
 */
final class CommitWatch implements SQLiteCommitListener {

    private final SQLiteConnection sqlite; // null if the connection is not sqlite-jdbc's: every backup counts as stale
    private boolean installed;
    private volatile boolean seen;
    /** Set by the hook, read by every statement of the connection: one volatile read, no call. */
    private volatile boolean removable;

    CommitWatch(Connection raw) {
        SQLiteConnection found = null;
        try {
            if (raw.isWrapperFor(SQLiteConnection.class)) found = raw.unwrap(SQLiteConnection.class);
        } catch (SQLException e) {
            found = null;
        }
        this.sqlite = found;
    }

    /** A covered statement is about to run, or has just finished: only commits after this count. */
    synchronized void watch() {
        seen = sqlite == null;
        removable = false;
        if (sqlite != null && !installed && open()) {
            sqlite.addCommitListener(this);
            installed = true;
        }
    }

    /** True when the connection committed since the last {@link #watch}. */
    boolean seen() {
        return seen;
    }

    /** From a statement of the connection, outside any hook: takes the listener away once it has done its work. */
    void removeIfDone() {
        if (removable) stop();
    }

    /** No backup can be reused any more. */
    synchronized void stop() {
        removable = false;
        if (installed) {
            if (open()) sqlite.removeCommitListener(this); // a closed one took its listeners with it
            installed = false;
        }
    }

    /** sqlite-jdbc crashes the JVM when a listener is added to or removed from a closed connection. */
    private boolean open() {
        try {
            return !sqlite.isClosed();
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void onCommit() {
        // called by SQLite inside the commit: flags only, no call back into the connection
        seen = true;
        removable = true;
    }

    @Override
    public void onRollback() {
        // a rollback adds nothing the backup lacks
    }
}
