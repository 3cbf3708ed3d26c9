package dev.safesqlite.internal.engine;

import dev.safesqlite.internal.continuous.ContinuousProtection;
import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.SQLiteCommitListener;
import org.sqlite.SQLiteConnection;

/**
 * Tells continuous protection that a managed connection committed (sqlite-jdbc's commit
 * listener), so its frames are kept milliseconds later instead of at the next poll. SQLite calls
 * the hook inside the commit: it only raises a flag and wakes the capture thread.
 */
final class ContinuousSignal implements SQLiteCommitListener {

    /** The database, not its keeper: a restore from inside the JVM replaces the keeper (see ProtectedDatabase.suspendContinuous). */
    private final ProtectedDatabase database;

    private ContinuousSignal(ProtectedDatabase database) {
        this.database = database;
    }

    static void install(Connection raw, ProtectedDatabase database) {
        try {
            if (raw.isWrapperFor(SQLiteConnection.class)) {
                raw.unwrap(SQLiteConnection.class).addCommitListener(new ContinuousSignal(database));
            }
        } catch (SQLException e) {
            // not sqlite-jdbc's own connection: its commits are kept at the next poll (continuous.lag)
        }
    }

    @Override
    public void onCommit() {
        ContinuousProtection c = database.continuous();
        if (c != null) c.signal();
    }

    @Override
    public void onRollback() {
        // nothing was committed
    }
}
