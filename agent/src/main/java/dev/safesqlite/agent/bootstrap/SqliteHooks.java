package dev.safesqlite.agent.bootstrap;

import java.util.Properties;

/**
 * What the advice inlined into sqlite-jdbc reports, implemented once per sqlite-jdbc class loader
 * by an engine copy. Lives in the bootstrap loader, so it may use java.base types only:
 * connections, statements and bound values travel as {@code Object}.
 */
public interface SqliteHooks {

    /**
     * Before {@code org.sqlite.JDBC.createConnection(url, properties)}.
     *
     * @return {url, properties, state} to open with instead, or null to leave this connection alone
     */
    Object[] opening(String url, Properties properties) throws Exception;

    /** After sqlite-jdbc opened a connection for which {@link #opening} returned {@code state}. */
    void opened(Object state, Object connection) throws Exception;

    /** After the application closed a connection. */
    void closed(Object connection);

    /** After the application committed or rolled back, or switched auto-commit on. */
    void transactionEnded(Object connection);

    /**
     * Before SQL runs on a connection.
     *
     * @param allStatements true when sqlite-jdbc will run every statement of {@code sql}
     * @param values        the bound values of a prepared statement, value i+1 at index i, or null
     * @return true when a backup covers the statement: {@link #coveredStatementFinished} is then
     *         called once it has run without error
     */
    boolean beforeSql(Object connection, String sql, boolean allStatements, Object[] values) throws Exception;

    /**
     * Before a prepared statement runs: its bound values are the first {@code parameterCount}
     * entries of sqlite-jdbc's {@code batch} array (may be null), read only when the statement may
     * need a backup. Returns as {@link #beforeSql}.
     */
    boolean beforePrepared(Object connection, String sql, Object[] batch, int parameterCount) throws Exception;

    /** Before {@code Statement.executeBatch}: the first {@code count} entries of {@code sqls}; returns as {@link #beforeSql}. */
    boolean beforeBatch(Object connection, Object[] sqls, int count) throws Exception;

    /**
     * Before {@code PreparedStatement.executeBatch}: {@code count} parameter sets of
     * {@code parameterCount} values each, one after the other in {@code values}; returns as {@link #beforeSql}.
     */
    boolean beforePreparedBatch(Object connection, String sql, Object[] values, int parameterCount, int count)
            throws Exception;

    /** A statement or batch for which a before-call returned true has run without error. */
    void coveredStatementFinished(Object connection);
}
