package dev.safesqlite.internal.engine;

import dev.safesqlite.internal.config.Settings;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What the fronts (driver, agent) tell the engine about one application connection.
 * PLACEHOLDER bodies: being written; the contract below is fixed.
 */
public final class ProtectedConnection {

    private final Connection raw;

    private ProtectedConnection(Connection raw) {
        this.raw = raw;
    }

    /**
     * Called right after sqlite-jdbc opened {@code raw}: forces WAL, applies the busy timeout,
     * registers the database. If it throws, the caller must close {@code raw}.
     */
    public static ProtectedConnection attach(Connection raw, Settings settings) throws SQLException {
        return new ProtectedConnection(raw);
    }

    /**
     * Before SQL runs. Takes (or reuses) a backup if the SQL is destructive; throws an
     * SQLException with SQLState SS001 when protection failed and {@code on.failure=block}.
     *
     * @param allStatements true for executeUpdate/executeLargeUpdate, which run every statement
     * @param params        bound values ({@code values[i]} is parameter i+1), or null
     */
    public void beforeExecute(String sql, boolean allStatements, Object[] params) throws SQLException {
    }

    /** Before {@code Statement.executeBatch}: every SQL string of the batch. */
    public void beforeBatch(List<String> sqls) throws SQLException {
    }

    /** Before {@code PreparedStatement.executeBatch}: one SQL, one value array per batch entry. */
    public void beforeBatch(String sql, List<Object[]> parameterSets) throws SQLException {
    }

    /** The application closed the connection. */
    public void closed() {
    }

    public Connection raw() {
        return raw;
    }
}
