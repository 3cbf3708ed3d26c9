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

    private final ContinuousProtection continuous;

    private ContinuousSignal(ContinuousProtection continuous) {
        this.continuous = continuous;
    }

    static void install(Connection raw, ContinuousProtection continuous) {
        try {
            if (raw.isWrapperFor(SQLiteConnection.class)) {
                raw.unwrap(SQLiteConnection.class).addCommitListener(new ContinuousSignal(continuous));
            }
        } catch (SQLException e) {
            // not sqlite-jdbc's own connection: its commits are kept at the next poll (continuous.lag)
        }
    }

    @Override
    public void onCommit() {
        continuous.signal();
    }

    @Override
    public void onRollback() {
        // nothing was committed
    }
}
