package dev.safesqlite.internal.classify;

import dev.safesqlite.internal.config.Protect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * Decides whether SQL about to run needs a backup first (SPEC section 4). One instance per
 * application connection. PLACEHOLDER: being written; the contract below is fixed.
 */
public final class StatementClassifier implements AutoCloseable {

    private final Connection connection;
    private final Set<Protect> protect;
    private final long bulkRows;

    /**
     * @param connection the application's raw sqlite-jdbc connection: any look-ups (schema, row
     *                   counts) run on it, so they see the state the statement will run in
     */
    public StatementClassifier(Connection connection, Set<Protect> protect, long bulkRows) {
        this.connection = connection;
        this.protect = protect;
        this.bulkRows = bulkRows;
    }

    /**
     * @param sql           the SQL exactly as the application passed it
     * @param allStatements true when every statement of {@code sql} will run
     *                      ({@code executeUpdate}/{@code executeLargeUpdate}), false when only the first
     * @param params        bound values for a prepared statement, or null
     * @return the first statement that needs a backup, or null when none does
     */
    public Destructive classify(String sql, boolean allStatements, Object[] params) throws SQLException {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void close() {
    }
}
