package dev.safesqlite.agent.engine;

import dev.safesqlite.agent.bootstrap.SqliteHooks;
import dev.safesqlite.internal.backup.InternalConnection;
import dev.safesqlite.internal.config.Settings;
import dev.safesqlite.internal.config.SettingsResolver;
import dev.safesqlite.internal.config.SqliteUrl;
import dev.safesqlite.internal.engine.ProtectedConnection;
import dev.safesqlite.internal.engine.SqliteOpenProperties;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The agent's front on the engine, one per sqlite-jdbc class loader (it is defined by an
 * {@code EngineClassLoader} whose parent is that loader). It does what the driver's wrappers do,
 * from hooks instead of wrappers: settings and open properties before sqlite-jdbc opens a
 * connection, {@link ProtectedConnection#attach} after, and the engine's before-calls for SQL.
 */
public final class AgentFront implements SqliteHooks {

    private final Map<String, String> agentArguments;
    private final OpenConnections connections = new OpenConnections();

    public AgentFront(Map<String, String> agentArguments) {
        this.agentArguments = Map.copyOf(agentArguments);
    }

    /**
     * Resolves the settings that do not depend on a connection, so the agent can refuse bad ones
     * at start; called reflectively by the agent on a throw-away copy.
     */
    public static void checkSettings(Map<String, String> agentArguments) throws SQLException {
        SettingsResolver.builder().agentArguments(agentArguments).resolve();
    }

    @Override
    public Object[] opening(String url, Properties properties) throws SQLException {
        if (url == null || alreadyHandled(properties)) return null;
        SqliteUrl sqliteUrl = SqliteUrl.parse(url);
        Settings settings = SettingsResolver.builder()
                .connectionProperties(properties)
                .urlParameters(sqliteUrl.settings())
                .agentArguments(agentArguments)
                .resolve();
        SqliteOpenProperties.Open open = SqliteOpenProperties.of(sqliteUrl.sqliteUrl(), properties, settings);
        return new Object[] {open.url(), open.properties(), settings};
    }

    /**
     * SafeSQLite's own connections (backups, checks) and those the {@code jdbc:safesqlite:} driver
     * protects itself carry {@link InternalConnection#MARKER}: protecting them again would take a
     * second backup before every destructive statement.
     */
    private static boolean alreadyHandled(Properties properties) {
        return properties != null && properties.getProperty(InternalConnection.MARKER) != null;
    }

    @Override
    public void opened(Object state, Object connection) throws SQLException {
        Connection raw = (Connection) connection;
        try {
            connections.add(raw, ProtectedConnection.attach(raw, (Settings) state));
        } catch (SQLException | RuntimeException | Error e) {
            // what the driver does when its setup fails: the application never sees a half-set-up connection
            try {
                raw.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    @Override
    public void closed(Object connection) {
        ProtectedConnection protectedConnection = connections.remove(connection);
        if (protectedConnection != null) protectedConnection.closed();
    }

    @Override
    public void transactionEnded(Object connection) {
        ProtectedConnection protectedConnection = connections.get(connection);
        if (protectedConnection != null) protectedConnection.transactionEnded();
    }

    @Override
    public boolean beforeSql(Object connection, String sql, boolean allStatements, Object[] values)
            throws SQLException {
        if (ProtectedConnection.engineIsRunning()) return false; // the engine's own look-ups on this connection
        ProtectedConnection protectedConnection = connections.get(connection);
        return protectedConnection != null && protectedConnection.beforeExecute(sql, allStatements, values);
    }

    /**
     * A prepared statement's values are copied out of sqlite-jdbc's array only when the statement
     * may need a backup: an ordinary read or keyed change allocates nothing here.
     */
    @Override
    public boolean beforePrepared(Object connection, String sql, Object[] batch, int parameterCount)
            throws SQLException {
        if (ProtectedConnection.engineIsRunning()) return false;
        ProtectedConnection protectedConnection = connections.get(connection);
        if (protectedConnection == null || !protectedConnection.mayNeedBackup(sql, false)) return false;
        Object[] values = null;
        if (parameterCount > 0 && batch != null) {
            values = new Object[parameterCount];
            System.arraycopy(batch, 0, values, 0, Math.min(parameterCount, batch.length));
        }
        return protectedConnection.beforeExecute(sql, false, values);
    }

    @Override
    public boolean beforeBatch(Object connection, Object[] sqls, int count) throws SQLException {
        if (ProtectedConnection.engineIsRunning()) return false;
        ProtectedConnection protectedConnection = connections.get(connection);
        if (protectedConnection == null) return false;
        List<String> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) batch.add((String) sqls[i]);
        return protectedConnection.beforeBatch(batch);
    }

    @Override
    public void coveredStatementFinished(Object connection) {
        ProtectedConnection protectedConnection = connections.get(connection);
        if (protectedConnection != null) protectedConnection.coveredStatementFinished();
    }

    @Override
    public boolean beforePreparedBatch(Object connection, String sql, Object[] values, int parameterCount, int count)
            throws SQLException {
        if (ProtectedConnection.engineIsRunning()) return false;
        ProtectedConnection protectedConnection = connections.get(connection);
        if (protectedConnection == null) return false;
        List<Object[]> parameterSets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            parameterSets.add(Arrays.copyOfRange(values, i * parameterCount, (i + 1) * parameterCount));
        }
        return protectedConnection.beforeBatch(sql, parameterSets);
    }
}
