package dev.safesqlite.internal.engine;

import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.SQLiteCommitListener;
import org.sqlite.SQLiteConnection;

/**
 * Notices that a connection committed, whether through JDBC or with SQL ({@code COMMIT},
 * {@code END}), by SQLite's commit hook. Installed only while a backup taken inside a
 * transaction is current, because sqlite-jdbc does work on every commit of a connection with a
 * listener; other connections never pay for it.
 */
final class CommitWatch implements SQLiteCommitListener {

    private final SQLiteConnection sqlite; // null if the connection is not sqlite-jdbc's: every commit counts as seen
    private boolean installed;
    private volatile boolean seen;

    CommitWatch(Connection raw) {
        SQLiteConnection found = null;
        try {
            if (raw.isWrapperFor(SQLiteConnection.class)) found = raw.unwrap(SQLiteConnection.class);
        } catch (SQLException e) {
            found = null;
        }
        this.sqlite = found;
    }

    /** From now on, remember whether the connection commits. */
    synchronized void watch() {
        seen = sqlite == null;
        if (sqlite != null && !installed) {
            sqlite.addCommitListener(this);
            installed = true;
        }
    }

    /** No backup taken inside a transaction is current any more. */
    synchronized void stop() {
        if (installed) {
            sqlite.removeCommitListener(this);
            installed = false;
        }
    }

    /** True when the connection committed since {@link #watch}. */
    boolean seen() {
        return seen;
    }

    @Override
    public void onCommit() {
        // called by SQLite inside the commit: only a flag, no call back into the connection
        seen = true;
    }

    @Override
    public void onRollback() {
        // a rollback adds nothing the backup lacks
    }
}
