package dev.safesqlite.internal.classify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The questions the classifier asks the application's own connection, so the answers reflect
 * the state the statement will run in, uncommitted changes of the open transaction included.
 * Only ever plain reads. Keeps its prepared statements (the most recently used
 * {@value #MAX_STATEMENTS}) until {@link #close}. Not thread-safe: the classifier serialises.
 */
final class ConnectionLookups implements AutoCloseable {

    static final int MAX_STATEMENTS = 32;

    /** SQLite's primary result code for an SQL error: a missing table, a syntax error. */
    private static final int SQLITE_ERROR = 1;

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() > MAX_STATEMENTS) {
                closeQuietly(eldest.getValue());
                return true;
            }
            return false;
        }
    };

    ConnectionLookups(Connection connection) {
        this.connection = connection;
    }

    /** Runs a query whose single row holds one number, with its parameters bound in order. */
    long count(String sql, Object[] values) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        try {
            for (int k = 0; k < values.length; k++) {
                statement.setObject(k + 1, values[k]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        } catch (SQLException e) {
            // It may have gone stale (its table dropped); prepare it afresh next time.
            statements.remove(sql);
            closeQuietly(statement);
            throw e;
        }
    }

    /** Whether {@code schema} holds an object of {@code type}'s name space called {@code name}. */
    boolean exists(String schema, ObjectType type, String name) throws SQLException {
        if (!isTempOrMain(schema) && !attachedSchemas().stream().anyMatch(schema::equalsIgnoreCase)) {
            return false;
        }
        String sql = "SELECT count(*) FROM " + SqlName.quote(schema) + ".sqlite_schema WHERE type IN ("
                + type.schemaTypes() + ") AND name = ? COLLATE NOCASE";
        return count(sql, new Object[] {name}) > 0;
    }

    /**
     * The schema an unqualified name refers to, searched as SQLite does: temp, main, then the
     * attached databases in the order they were attached; null when none has it.
     */
    String resolve(ObjectType type, String name) throws SQLException {
        for (String schema : List.of("temp", "main")) {
            if (exists(schema, type, name)) {
                return schema;
            }
        }
        for (String schema : attachedSchemas()) {
            if (exists(schema, type, name)) {
                return schema;
            }
        }
        return null;
    }

    /**
     * Whether SQLite refuses to prepare {@code sql} with an SQL error (a missing table or
     * column, bad syntax): then running it fails too, and changes nothing. Preparing runs nothing.
     */
    boolean failsToPrepare(String sql) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            return false;
        } catch (SQLException e) {
            return e.getErrorCode() == SQLITE_ERROR;
        }
    }

    private List<String> attachedSchemas() throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT name FROM pragma_database_list WHERE seq > 1 ORDER BY seq");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static boolean isTempOrMain(String schema) {
        return "temp".equalsIgnoreCase(schema) || "main".equalsIgnoreCase(schema);
    }

    @Override
    public void close() {
        for (Iterator<PreparedStatement> it = statements.values().iterator(); it.hasNext(); ) {
            closeQuietly(it.next());
            it.remove();
        }
    }

    /** Closing a statement of a connection that is already closed fails, and need not succeed. */
    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // nothing is held any more
        }
    }

    /** How many prepared statements are held, for tests of the bound and of close. */
    int heldStatements() {
        return statements.size();
    }
}
