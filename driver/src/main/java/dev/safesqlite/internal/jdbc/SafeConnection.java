package dev.safesqlite.internal.jdbc;

import dev.safesqlite.internal.classify.StatementClassifier;
import dev.safesqlite.internal.config.Settings;
import dev.safesqlite.internal.engine.ProtectedConnection;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sqlite.SQLiteCommitListener;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteConnectionConfig;
import org.sqlite.SQLiteLimits;
import org.sqlite.SQLiteUpdateListener;
import org.sqlite.core.CoreDatabaseMetaData;
import org.sqlite.core.DB;

/**
 * The connection an application gets from {@code jdbc:safesqlite:}.
 *
 * <p>It is an {@link SQLiteConnection} over the raw connection's native handle, so that
 * {@code (SQLiteConnection) conn}, {@code Function.create}, {@code BusyHandler},
 * {@code ProgressHandler} and {@code getDatabase()} keep working for applications written
 * against sqlite-jdbc. It keeps no state of its own: every public method of
 * {@link java.sql.Connection} and of {@link SQLiteConnection} delegates to the raw connection,
 * because SQLiteConnection's own implementations would keep a second autocommit flag and
 * transaction mode that silently diverge from the raw connection's.
 *
 * <p>Public only so that code reaching methods by reflection on {@code getClass()} (Groovy,
 * bean utilities) can call them; it is not API.
 */
public final class SafeConnection extends SQLiteConnection {

    private final SQLiteConnection raw;
    private final ProtectedConnection protection;
    private SafeDatabaseMetaData metaData;
    /** Set by abort(): JDBC wants the connection to read as closed at once. */
    private volatile boolean aborted;
    private final AtomicBoolean closeReported = new AtomicBoolean();

    private SafeConnection(SQLiteConnection raw, ProtectedConnection protection) {
        super(raw.getDatabase());
        this.raw = raw;
        this.protection = protection;
    }

    /**
     * Puts a connection sqlite-jdbc has just opened under protection. If the engine cannot attach
     * (the database cannot be switched to WAL, the backup directory is unusable, ...), the raw
     * connection is closed before the error is thrown, so no file handle is left behind.
     */
    public static SafeConnection protect(SQLiteConnection raw, Settings settings) throws SQLException {
        try {
            return new SafeConnection(raw, ProtectedConnection.attach(raw, settings));
        } catch (SQLException | RuntimeException | Error e) {
            closeAfterFailure(raw, e);
            if (e instanceof RuntimeException bug) {
                throw new SQLException("SafeSQLite could not protect the connection to " + raw.getUrl() + ": " + bug, bug);
            }
            throw e;
        }
    }

    private static void closeAfterFailure(SQLiteConnection raw, Throwable failure) {
        try {
            raw.close();
        } catch (SQLException | RuntimeException closeFailure) {
            failure.addSuppressed(closeFailure);
        }
    }

    // ---- what statements report to the engine before SQL runs ----
    // A RuntimeException from the engine is a bug in SafeSQLite; it becomes an SQLException, which
    // JDBC code is written to handle, and the statement does not run: protection never silently lapses.

    boolean mayNeedBackup(String sql, boolean allStatements) {
        try {
            return protection.mayNeedBackup(sql, allStatements);
        } catch (RuntimeException e) {
            return true; // let beforeExecute run and report it as an SQLException
        }
    }

    /** True when a backup covers the statement: call {@link #coveredStatementFinished} once it ran without error. */
    boolean beforeExecute(String sql, boolean allStatements, Object[] params) throws SQLException {
        try {
            return protection.beforeExecute(sql, allStatements, params);
        } catch (RuntimeException e) {
            throw notChecked(e);
        }
    }

    /**
     * The engine's parse of a statement being prepared, made once so that no execution looks
     * it up again; null when nothing on this connection is protected.
     */
    StatementClassifier.Prepared prepared(String sql) throws SQLException {
        try {
            return protection.prepare(sql);
        } catch (RuntimeException e) {
            throw notChecked(e);
        }
    }

    boolean mayNeedBackup(StatementClassifier.Prepared prepared) {
        try {
            return protection.mayNeedBackup(prepared);
        } catch (RuntimeException e) {
            return true; // let beforeExecute run and report it as an SQLException
        }
    }

    /** {@link #beforeExecute(String, boolean, Object[])} for a prepared statement. */
    boolean beforeExecute(StatementClassifier.Prepared prepared, Object[] params) throws SQLException {
        try {
            return protection.beforeExecute(prepared, params);
        } catch (RuntimeException e) {
            throw notChecked(e);
        }
    }

    boolean beforeBatch(List<String> sqls) throws SQLException {
        try {
            return protection.beforeBatch(sqls);
        } catch (RuntimeException e) {
            throw notChecked(e);
        }
    }

    boolean beforeBatch(String sql, List<Object[]> parameterSets) throws SQLException {
        try {
            return protection.beforeBatch(sql, parameterSets);
        } catch (RuntimeException e) {
            throw notChecked(e);
        }
    }

    /**
     * A statement a backup covers ran without error; one that threw never gets here, so the engine
     * does not reuse that backup (it cannot tell what the failed statement left behind).
     */
    void coveredStatementFinished(boolean covered) {
        if (covered) protection.coveredStatementFinished();
    }

    private static SQLException notChecked(RuntimeException e) {
        return new SQLException("SafeSQLite could not check this SQL before running it, so it did not run: " + e, e);
    }

    // ---- statements: every one is wrapped, so that no SQL reaches SQLite unseen ----

    @Override
    public Statement createStatement() throws SQLException {
        return new SafeStatement(this, raw.createStatement());
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        return new SafeStatement(this, raw.createStatement(resultSetType, resultSetConcurrency));
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        return new SafeStatement(this, raw.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability));
    }

    // Preparing compiles the SQL but runs nothing: protection happens when the statement executes.

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return new SafePreparedStatement(this, raw.prepareStatement(sql), sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return new SafePreparedStatement(this, raw.prepareStatement(sql, resultSetType, resultSetConcurrency), sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
                                              int resultSetHoldability) throws SQLException {
        return new SafePreparedStatement(this,
                raw.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability), sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return new SafePreparedStatement(this, raw.prepareStatement(sql, autoGeneratedKeys), sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return new SafePreparedStatement(this, raw.prepareStatement(sql, columnIndexes), sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return new SafePreparedStatement(this, raw.prepareStatement(sql, columnNames), sql);
    }

    // sqlite-jdbc 3.54 refuses prepareCall; should a later version accept it, the statement it
    // returns is protected like any other.

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return new SafeCallableStatement(this, raw.prepareCall(sql), sql);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return new SafeCallableStatement(this, raw.prepareCall(sql, resultSetType, resultSetConcurrency), sql);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
                                         int resultSetHoldability) throws SQLException {
        return new SafeCallableStatement(this,
                raw.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability), sql);
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        return raw.nativeSQL(sql);
    }

    // ---- metadata: wrapped, because the raw one's getConnection() is the raw connection ----

    @Override
    public synchronized DatabaseMetaData getMetaData() throws SQLException {
        if (metaData == null) {
            metaData = new SafeDatabaseMetaData(this, raw.getMetaData());
        }
        return metaData;
    }

    /**
     * Refused: sqlite-jdbc's CoreDatabaseMetaData answers getConnection() with the raw connection,
     * and it cannot be subclassed without giving up SQLException from unwrap().
     */
    @Override
    public CoreDatabaseMetaData getSQLiteDatabaseMetaData() throws SQLException {
        throw new SQLException("SafeSQLite does not hand out sqlite-jdbc's CoreDatabaseMetaData: its"
                + " getConnection() is the unprotected connection. Use getMetaData() instead.");
    }

    // ---- lifecycle ----

    @Override
    public void close() throws SQLException {
        try {
            raw.close();
        } finally {
            if (closeReported.compareAndSet(false, true)) {
                protection.closed();
            }
        }
    }

    @Override
    public boolean isClosed() throws SQLException {
        return aborted || raw.isClosed();
    }

    /**
     * sqlite-jdbc's abort() does nothing, so a pool that aborts connections (HikariCP on shutdown)
     * would leak the file handle. Marks the connection closed at once and closes it on the executor,
     * which waits for a statement running on another thread to finish.
     */
    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw new SQLException("abort(null): an Executor is required to close the connection");
        }
        if (isClosed()) {
            return;
        }
        aborted = true;
        executor.execute(() -> {
            try {
                close();
            } catch (SQLException ignored) {
                // Nobody is left to tell: the application gave this connection up.
            }
        });
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        return !aborted && raw.isValid(timeout);
    }

    // ---- transactions ----

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        boolean was = raw.getAutoCommit();
        raw.setAutoCommit(autoCommit);
        if (autoCommit && !was) {
            protection.transactionEnded(); // switching auto-commit on commits
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        return raw.getAutoCommit();
    }

    @Override
    public void commit() throws SQLException {
        raw.commit();
        protection.transactionEnded();
    }

    @Override
    public void rollback() throws SQLException {
        raw.rollback();
        protection.transactionEnded();
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return raw.setSavepoint();
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        return raw.setSavepoint(name);
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        raw.rollback(savepoint);
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        raw.releaseSavepoint(savepoint);
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        raw.setTransactionIsolation(level);
    }

    @Override
    public int getTransactionIsolation() {
        return raw.getTransactionIsolation();
    }

    @Override
    public SQLiteConfig.TransactionMode getCurrentTransactionMode() {
        return raw.getCurrentTransactionMode();
    }

    @Override
    public void setCurrentTransactionMode(SQLiteConfig.TransactionMode mode) {
        raw.setCurrentTransactionMode(mode);
    }

    @Override
    public void setFirstStatementExecuted(boolean executed) {
        raw.setFirstStatementExecuted(executed);
    }

    @Override
    public boolean isFirstStatementExecuted() {
        return raw.isFirstStatementExecuted();
    }

    // ---- connection state ----

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        raw.setReadOnly(readOnly);
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return raw.isReadOnly();
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        raw.setCatalog(catalog);
    }

    @Override
    public String getCatalog() throws SQLException {
        return raw.getCatalog();
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        raw.setSchema(schema);
    }

    @Override
    public String getSchema() throws SQLException {
        return raw.getSchema();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return raw.getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        raw.clearWarnings();
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        return raw.getTypeMap();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        raw.setTypeMap(map);
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        raw.setHoldability(holdability);
    }

    @Override
    public int getHoldability() throws SQLException {
        return raw.getHoldability();
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        raw.setClientInfo(name, value);
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        raw.setClientInfo(properties);
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        return raw.getClientInfo(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        return raw.getClientInfo();
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        raw.setNetworkTimeout(executor, milliseconds);
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        return raw.getNetworkTimeout();
    }

    @Override
    public void beginRequest() throws SQLException {
        raw.beginRequest();
    }

    @Override
    public void endRequest() throws SQLException {
        raw.endRequest();
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey shardingKey, ShardingKey superShardingKey, int timeout)
            throws SQLException {
        return raw.setShardingKeyIfValid(shardingKey, superShardingKey, timeout);
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeout) throws SQLException {
        return raw.setShardingKeyIfValid(shardingKey, timeout);
    }

    @Override
    public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey) throws SQLException {
        raw.setShardingKey(shardingKey, superShardingKey);
    }

    @Override
    public void setShardingKey(ShardingKey shardingKey) throws SQLException {
        raw.setShardingKey(shardingKey);
    }

    // ---- large objects ----

    @Override
    public Clob createClob() throws SQLException {
        return raw.createClob();
    }

    @Override
    public Blob createBlob() throws SQLException {
        return raw.createBlob();
    }

    @Override
    public NClob createNClob() throws SQLException {
        return raw.createNClob();
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        return raw.createSQLXML();
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        return raw.createArrayOf(typeName, elements);
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        return raw.createStruct(typeName, attributes);
    }

    // ---- sqlite-jdbc's own API ----

    /**
     * The native handle, shared with the raw connection; Function.create and the handlers need it.
     * SQL run directly on it ({@code DB.exec}) is sqlite-jdbc's low-level API and not protected.
     */
    @Override
    public DB getDatabase() {
        return raw.getDatabase();
    }

    @Override
    public SQLiteConnectionConfig getConnectionConfig() {
        return raw.getConnectionConfig();
    }

    @Override
    public String getUrl() {
        return raw.getUrl();
    }

    @Override
    public int getBusyTimeout() {
        return raw.getBusyTimeout();
    }

    @Override
    public void setBusyTimeout(int timeoutMillis) throws SQLException {
        raw.setBusyTimeout(timeoutMillis);
    }

    @Override
    public void setLimit(SQLiteLimits limit, int value) throws SQLException {
        raw.setLimit(limit, value);
    }

    @Override
    public void getLimit(SQLiteLimits limit) throws SQLException {
        raw.getLimit(limit);
    }

    @Override
    public String libversion() throws SQLException {
        return raw.libversion();
    }

    @Override
    public void addUpdateListener(SQLiteUpdateListener listener) {
        raw.addUpdateListener(listener);
    }

    @Override
    public void removeUpdateListener(SQLiteUpdateListener listener) {
        raw.removeUpdateListener(listener);
    }

    @Override
    public void addCommitListener(SQLiteCommitListener listener) {
        raw.addCommitListener(listener);
    }

    @Override
    public void removeCommitListener(SQLiteCommitListener listener) {
        raw.removeCommitListener(listener);
    }

    @Override
    public byte[] serialize(String schema) throws SQLException {
        return raw.serialize(schema);
    }

    @Override
    public void deserialize(String schema, byte[] bytes) throws SQLException {
        raw.deserialize(schema, bytes);
    }

    // ---- wrapper ----

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Unwrapping.unwrap(this, raw, iface,
                "Unwrap to org.sqlite.SQLiteConnection instead: the protected connection is one, and"
                        + " Function.create, setBusyTimeout and getDatabase() work on it.");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return Unwrapping.isWrapperFor(this, iface);
    }

    @Override
    public String toString() {
        return "SafeSQLite " + raw.getUrl();
    }
}
