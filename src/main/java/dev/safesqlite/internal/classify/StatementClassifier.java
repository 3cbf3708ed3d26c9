package dev.safesqlite.internal.classify;

import dev.safesqlite.internal.config.Protect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

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
    private final SchemaChanges schemaChanges;
    private final Connection connection;
    /** This connection started a schema change not yet known to have ended ({@link SchemaChanges}). */
    private volatile boolean unsettled;
    /** A BEGIN or SAVEPOINT ran and no COMMIT, END or ROLLBACK since; guarded by {@link #lookups}. */
    private boolean inExplicitTransaction;
    private final int protectedDangers;
    private final long bulkRows;
    private boolean closed;

    /**
     * @param connection the application's raw sqlite-jdbc connection: any look-ups (schema, row
     *                   counts) run on it, so they see the state the statement will run in
     */
    public StatementClassifier(Connection connection, Set<Protect> protect, long bulkRows) {
        this(connection, protect, bulkRows, new SchemaChanges());
    }

    /**
     * @param protect       may be empty: the classifier then only follows schema changes, which
     *                      other connections' remembered verdicts depend on
     * @param schemaChanges shared by the classifiers of every connection of the engine
     */
    public StatementClassifier(Connection connection, Set<Protect> protect, long bulkRows, SchemaChanges schemaChanges) {
        this.lookups = new ConnectionLookups(connection, schemaChanges);
        this.schemaChanges = schemaChanges;
        this.connection = connection;
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
     * False when {@code sql} holds nothing of a protected kind, no schema change and no
     * transaction control, and no schema change of this connection is waiting to settle: a
     * cached parse, no SQL run. A front may skip {@link #classify} and capturing bound values then.
     */
    public boolean mayBeDestructive(String sql, boolean allStatements) {
        if (sql == null) {
            return false;
        }
        ParsedSql parsed = ParseCache.get(sql);
        // schema changes and transaction ends must reach classify() even when they need no backup
        return (parsed.dangers(allStatements) & protectedDangers) != 0
                || parsed.changesSchemaOrTransaction(allStatements) || unsettled;
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
        boolean harmless = (parsed.dangers(allStatements) & protectedDangers) == 0;
        if (harmless && !parsed.changesSchemaOrTransaction(allStatements) && !unsettled) {
            return null;
        }
        synchronized (lookups) {
            follow(parsed, allStatements);
            if (harmless) {
                return null;
            }
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

    /**
     * For SQL that will run but needs no verdict (the rest of a batch already covered by a
     * backup): follows its schema changes and transaction control only.
     */
    public void follow(String sql, boolean allStatements) throws SQLException {
        if (sql == null) {
            return;
        }
        ParsedSql parsed = ParseCache.get(sql);
        if (parsed.changesSchemaOrTransaction(allStatements) || unsettled) {
            synchronized (lookups) {
                follow(parsed, allStatements);
            }
        }
    }

    /** Before {@code parsed} runs; everything the connection ran before it has finished. */
    private void follow(ParsedSql parsed, boolean allStatements) throws SQLException {
        if (unsettled && !inExplicitTransaction && !closed && connection.getAutoCommit()) {
            settle(); // the schema change ran outside any transaction, or its transaction ended
        }
        byte transaction = parsed.transactionChange(allStatements);
        if (transaction == ParsedSql.OPENS_TRANSACTION) {
            inExplicitTransaction = true;
        } else if (transaction == ParsedSql.ENDS_TRANSACTION) {
            inExplicitTransaction = false;
        }
        if (parsed.changesSchema(allStatements)) {
            // Counted before it runs: no verdict made from here on is remembered until it settles.
            if (unsettled) {
                schemaChanges.startedAnother();
            } else {
                unsettled = true;
                schemaChanges.started();
            }
        }
    }

    /** The application committed, rolled back or switched auto-commit on: the transaction ended. */
    public void transactionEnded() {
        synchronized (lookups) {
            inExplicitTransaction = false;
            if (unsettled) {
                settle();
            }
        }
    }

    private void settle() {
        unsettled = false;
        schemaChanges.settledOne();
    }

    /**
     * Closes the statements it prepared on the connection (the connection stays open) and
     * settles its schema changes: the application closes the connection right after.
     */
    @Override
    public void close() {
        synchronized (lookups) {
            closed = true;
            lookups.close();
            if (unsettled) {
                settle();
            }
        }
    }
}
