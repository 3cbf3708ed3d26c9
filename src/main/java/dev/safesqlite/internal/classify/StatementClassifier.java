package dev.safesqlite.internal.classify;

import dev.safesqlite.internal.config.Protect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides whether SQL about to run needs a backup first (SPEC section 4). One instance per
 * application connection; see the package documentation for how and where it approximates.
 *
 * <p>The text of each SQL string is read once per JVM ({@link ParseCache}); a string that holds
 * no candidate of a protected kind (every SELECT, INSERT, BEGIN, PRAGMA, ...) is then answered
 * with one map look-up and no SQL. Only a CREATE/DROP/ALTER with a name to look up, or a
 * DELETE/UPDATE whose rows must be counted, asks the connection.
 */
public final class StatementClassifier implements AutoCloseable {

    private final ConnectionLookups lookups;
    private final AtomicLong schemaChanges;
    private final int protectedDangers;
    private final long bulkRows;
    private boolean closed;

    /**
     * @param connection the application's raw sqlite-jdbc connection: any look-ups (schema, row
     *                   counts) run on it, so they see the state the statement will run in
     */
    public StatementClassifier(Connection connection, Set<Protect> protect, long bulkRows) {
        this(connection, protect, bulkRows, new AtomicLong());
    }

    /**
     * @param schemaChanges shared by the classifiers of every connection of the JVM to one
     *                      database: counts the schema changes any of them saw start
     */
    public StatementClassifier(Connection connection, Set<Protect> protect, long bulkRows, AtomicLong schemaChanges) {
        this.lookups = new ConnectionLookups(connection, schemaChanges);
        this.schemaChanges = schemaChanges;
        int dangers = 0;
        for (Danger danger : Danger.values()) {
            if (protect.contains(danger.protect())) {
                dangers |= ParsedSql.bit(danger);
            }
        }
        this.protectedDangers = dangers;
        this.bulkRows = bulkRows;
    }

    /**
     * False when {@code sql} holds nothing of a protected kind and no schema change: a cached
     * parse, no SQL run. A front may skip {@link #classify} and capturing bound values then.
     */
    public boolean mayBeDestructive(String sql, boolean allStatements) {
        if (sql == null) {
            return false;
        }
        ParsedSql parsed = ParseCache.get(sql);
        // a schema change must reach classify() even when it needs no backup: it is counted there
        return (parsed.dangers(allStatements) & protectedDangers) != 0 || parsed.changesSchema(allStatements);
    }

    /**
     * @param sql           the SQL exactly as the application passed it
     * @param allStatements true when every statement of {@code sql} will run
     *                      ({@code executeUpdate}/{@code executeLargeUpdate}), false when only the first
     * @param params        bound values for a prepared statement, or null
     * @return the first statement that needs a backup, or null when none does
     */
    public Destructive classify(String sql, boolean allStatements, Object[] params) throws SQLException {
        if (sql == null) {
            return null;
        }
        ParsedSql parsed = ParseCache.get(sql);
        if (parsed.changesSchema(allStatements)) {
            // Counted before it runs, so no verdict made after this point rests on the old schema
            // of this connection; see the package documentation for other connections.
            schemaChanges.incrementAndGet();
        }
        if ((parsed.dangers(allStatements) & protectedDangers) == 0) {
            return null;
        }
        synchronized (lookups) {
            if (closed) {
                throw new SQLException("the connection's statement classifier is closed");
            }
            int count = parsed.runCount(allStatements);
            for (int k = 0; k < count; k++) {
                Candidate candidate = parsed.candidate(k);
                if ((ParsedSql.bit(candidate.danger()) & protectedDangers) != 0) {
                    Destructive verdict = candidate.check(lookups, params, parsed.isFirstStatement(k), bulkRows);
                    if (verdict != null) {
                        return verdict;
                    }
                }
            }
            return null;
        }
    }

    /** Closes the statements it prepared on the connection; the connection stays open. */
    @Override
    public void close() {
        synchronized (lookups) {
            closed = true;
            lookups.close();
        }
    }
}
