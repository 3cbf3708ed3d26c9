package dev.safesqlite.internal.classify;

import dev.safesqlite.internal.config.Protect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.sqlite.SQLiteConnection;

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
    /**
     * sqlite-jdbc's {@code DB} of the connection, whose monitor every sqlite-jdbc call on it
     * takes: held while the engine runs its own SQL, so no other thread sharing the connection
     * runs a statement between a query's first step and its reset (a DROP then fails with
     * SQLITE_LOCKED) or inside a trial's savepoint (its changes would be rolled back with it).
     */
    private final Object monitor;
    private final SchemaChanges schemaChanges;
    private final Connection connection;
    /** This connection started a schema change not yet known to have ended ({@link SchemaChanges}). */
    private volatile boolean unsettled;
    /** A BEGIN or SAVEPOINT ran and no COMMIT, END or ROLLBACK since; guarded by {@link #monitor}. */
    private boolean inExplicitTransaction;
    private final int protectedDangers;
    private final long bulkRows;
    private boolean closed;
    /**
     * Plain SQL strings judged harmless as changes by unique key that need no trial (see
     * {@link #rememberKeyed}), one per slot of the string's hash: run again, one skips the
     * classifier like an INSERT does. Several, because an application alternates a few such
     * statements, and the agent judges a prepared statement by its SQL text (it has no object of
     * its own to keep the verdict on): with one slot, a keyed UPDATE and a keyed DELETE taking
     * turns were each judged in full on every run. An entry counts only while the schema-change
     * count it was made at holds ({@link #stillHolds}), so an old one is never wrong, only unused.
     */
    private final java.util.concurrent.atomic.AtomicReferenceArray<Keyed> recentKeyed =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(16);

    /**
     * A prepared statement's SQL, parsed once when it is prepared: its text cannot change, so no
     * execution looks it up in the {@link ParseCache} again. Made by {@link #prepare}; used by one
     * statement, possibly from several threads.
     */
    public static final class Prepared {
        private final String sql;
        private final ParsedSql parsed;
        /**
         * The {@link SchemaChanges#count} at which a run was judged harmless as a change by unique
         * key needing no trial, or -1: while the count stays and every change is settled, the
         * verdict holds for any bound values (the plan, not the values, proves one row).
         */
        private volatile long keyedAt = -1;

        private Prepared(String sql, ParsedSql parsed) {
            this.sql = sql;
            this.parsed = parsed;
        }

        public String sql() {
            return sql;
        }

        /**
         * False when the statement that runs holds no candidate at all (a SELECT, a PRAGMA, ...):
         * no verdict on it ever reads a bound value, so a front need not record them.
         */
        public boolean readsBoundValues() {
            return parsed.runCount(false) > 0;
        }
    }

    /** A plain string remembered by {@link #rememberKeyed}. */
    private record Keyed(String sql, boolean allStatements, long schemaChanges) {
    }

    private int keyedSlot(String sql) {
        int h = sql.hashCode(); // kept in the String: a statement's SQL, run again, is hashed once
        return (h ^ (h >>> 16)) & (recentKeyed.length() - 1);
    }

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
        this.monitor = databaseOf(connection, lookups);
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

    private static Object databaseOf(Connection connection, Object otherwise) {
        try {
            return connection.isWrapperFor(SQLiteConnection.class)
                    ? connection.unwrap(SQLiteConnection.class).getDatabase() : otherwise;
        } catch (SQLException e) {
            return otherwise;
        }
    }

    /**
     * False when {@code sql} holds nothing of a protected kind, no schema change and no
     * transaction control, and no schema change of this connection is waiting to settle: a
     * cached parse, no SQL run. An INSERT into a table already known to have no triggers (and
     * that cannot replace or update bulk.rows rows) counts as nothing. A front may skip
     * {@link #classify} and capturing bound values then.
     */
    public boolean mayBeDestructive(String sql, boolean allStatements) {
        if (sql == null) {
            return false;
        }
        Keyed keyed = recentKeyed.get(keyedSlot(sql));
        boolean remembered = keyed != null && keyed.allStatements() == allStatements
                && (keyed.sql() == sql || keyed.sql().equals(sql));
        return mayBeDestructive(ParseCache.get(sql), allStatements, remembered ? keyed.schemaChanges() : -1);
    }

    /** The parse of {@code sql}, for a statement that will run it many times (only its first statement). */
    public Prepared prepare(String sql) {
        return new Prepared(sql, sql == null ? ParsedSql.HARMLESS : ParseCache.get(sql));
    }

    /**
     * {@link #mayBeDestructive(String, boolean)} for a prepared statement: no cache look-up, and
     * once a run was judged a harmless change by unique key, nothing more while the schema stays.
     */
    public boolean mayBeDestructive(Prepared prepared) {
        return mayBeDestructive(prepared.parsed, false, prepared.keyedAt);
    }

    /** {@code keyedAt}: see {@link Prepared#keyedAt}. */
    private boolean mayBeDestructive(ParsedSql parsed, boolean allStatements, long keyedAt) {
        // schema changes and transaction ends must reach classify() even when they need no backup
        if (unsettled || parsed.changesSchemaOrTransaction(allStatements)) {
            return true;
        }
        if ((parsed.dangers(allStatements) & protectedDangers) == 0) {
            return false;
        }
        return !stillHolds(keyedAt) && !harmless(parsed, allStatements);
    }

    /** A keyed verdict made at {@code schemaChanges} (-1: none) holds: no schema change since, none unsettled. */
    private boolean stillHolds(long schemaChanges) {
        return schemaChanges >= 0 && schemaChanges == this.schemaChanges.count() && this.schemaChanges.settled();
    }

    /**
     * Whether a run of {@code parsed} that was just judged harmless was so as one change by
     * unique key that needs no trial, and will be for any values while the schema stays as it
     * was at {@code changes} (read before judging): its one candidate's plan searches a unique
     * key, no trigger, REPLACE conflict or foreign-key action reaches beyond its row (so PRAGMA
     * foreign_keys cannot matter), and nothing of it changes the schema or a transaction.
     */
    private boolean rememberKeyed(ParsedSql parsed, boolean allStatements, long changes) throws SQLException {
        if (unsettled || parsed.changesSchemaOrTransaction(allStatements) || parsed.runCount(allStatements) != 1
                || !(parsed.candidate(0) instanceof RowChange change)) {
            return false;
        }
        return change.byUniqueKey(lookups, bulkRows) && !change.needsTrial(lookups, bulkRows)
                && !lookups.traits(change.target()).actionChildren()
                && this.schemaChanges.settled() && this.schemaChanges.count() == changes;
    }

    /** Nothing of a protected kind, by the cached parse and the tables' remembered traits alone. */
    private boolean harmless(ParsedSql parsed, boolean allStatements) {
        if ((parsed.dangers(allStatements) & protectedDangers) == 0) {
            return true;
        }
        if (!parsed.insertsOnly(allStatements) || (allStatements && parsed.changeAfterWrite())) {
            return false;
        }
        for (int k = 0, count = parsed.runCount(allStatements); k < count; k++) {
            RowInsert insert = (RowInsert) parsed.candidate(k);
            TableTraits traits = lookups.knownTraits(insert.target());
            if (traits == null || !insert.harmlessOn(traits, bulkRows)) {
                return false;
            }
        }
        return true;
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
        return classify(sql, ParseCache.get(sql), allStatements, params, null);
    }

    /** {@link #classify(String, boolean, Object[])} for a prepared statement (only its first statement runs). */
    public Destructive classify(Prepared prepared, Object[] params) throws SQLException {
        return classify(prepared.sql, prepared.parsed, false, params, prepared);
    }

    /** {@code prepared}: the statement to remember a keyed verdict on, or null for a plain string. */
    private Destructive classify(String sql, ParsedSql parsed, boolean allStatements, Object[] params, Prepared prepared)
            throws SQLException {
        boolean harmless = harmless(parsed, allStatements);
        if (harmless && !parsed.changesSchemaOrTransaction(allStatements) && !unsettled) {
            return null;
        }
        synchronized (monitor) {
            follow(parsed, allStatements);
            if (harmless) {
                return null;
            }
            if (closed) {
                throw new SQLException("the connection's statement classifier is closed");
            }
            long changes = schemaChanges.count();
            Destructive verdict = judge(List.of(sql), List.of(parsed),
                    params == null ? null : Collections.singletonList(params), allStatements);
            if (verdict == null && rememberKeyed(parsed, allStatements, changes)) {
                if (prepared != null) {
                    prepared.keyedAt = changes;
                } else {
                    recentKeyed.set(keyedSlot(sql), new Keyed(sql, allStatements, changes));
                }
            }
            return verdict;
        }
    }

    /**
     * Before a batch runs: {@code sqls} in the order they run (sqlite-jdbc runs the first statement
     * of each), {@code paramSets} the bound values of each entry or null. The batch is judged as a
     * whole: the rows its DELETEs and UPDATEs match are added up per table (rows two entries both
     * match are counted twice, the safe side), and where entries depend on each other or on
     * triggers, SQLite's run of the whole batch decides.
     *
     * @return the statement that needs a backup before the batch, or null
     */
    public Destructive classifyBatch(List<String> sqls, List<Object[]> paramSets) throws SQLException {
        synchronized (monitor) {
            boolean harmless = true;
            List<ParsedSql> parses = new ArrayList<>(sqls.size());
            for (String sql : sqls) {
                ParsedSql parsed = ParseCache.get(sql);
                parses.add(parsed);
                follow(parsed, false);
                harmless &= harmless(parsed, false);
            }
            if (harmless) {
                return null;
            }
            if (closed) {
                throw new SQLException("the connection's statement classifier is closed");
            }
            return judge(sqls, parses, paramSets, false);
        }
    }

    /** The verdict on strings that run one after another ({@code parses}: theirs, in order); under the lock. */
    private Destructive judge(List<String> sqls, List<ParsedSql> parses, List<Object[]> paramSets, boolean allStatements)
            throws SQLException {
        // Several statements of one executeUpdate string add up like the entries of a batch: two
        // DELETEs that each leave rows can empty the table together.
        boolean batch = sqls.size() > 1 || (allStatements && parses.get(0).runCount(true) > 1);
        BatchTally tally = batch ? new BatchTally(bulkRows) : null;
        Candidate tried = null; // the first candidate whose effect only a trial shows
        List<SqlName> insertTargets = new ArrayList<>(2);
        List<SqlName> changedTargets = new ArrayList<>(2);
        boolean forbidsTrial = false;
        byte batchWrote = 0; // ParsedSql.WROTE, CHANGED: what the batch's earlier entries do
        for (int i = 0; i < sqls.size(); i++) {
            ParsedSql parsed = parses.get(i);
            Object[] params = paramSets == null ? null : paramSets.get(i);
            forbidsTrial |= parsed.forbidsTrial(allStatements);
            int count = parsed.runCount(allStatements);
            for (int k = 0; k < count; k++) {
                Candidate candidate = parsed.candidate(k);
                if (candidate instanceof RowInsert insert) {
                    // a table REPLACE writes goes first: its rows before tell "every row replaced"
                    insertTargets.add(insert.replaces() || insert.upsertUpdate() ? 0 : insertTargets.size(), insert.target());
                    changedTargets.add(insert.target());
                } else if (candidate instanceof RowChange change) {
                    changedTargets.add(change.target());
                    if (change.mayReplace(lookups) && !insertTargets.contains(change.target())) {
                        insertTargets.add(change.target()); // rows its conflicts delete are seen in its row count
                    }
                }
                if ((ParsedSql.bit(candidate.danger()) & protectedDangers) == 0) {
                    continue;
                }
                Destructive verdict = batch && candidate instanceof RowChange change
                        ? tally.add(lookups, change, params)
                        : candidate.check(lookups, params, parsed.isFirstStatement(k), bulkRows);
                if (verdict != null) {
                    // entries counted so far ran first: if together they need the backup, they name it
                    Destructive earlier = batch && !(candidate instanceof RowChange) ? tally.everyRow(lookups) : null;
                    return earlier != null ? earlier : verdict;
                }
                byte before = (byte) (batchWrote | (allStatements ? parsed.writesBefore(k) : 0));
                if (tried == null && (candidate.needsTrial(lookups, bulkRows) || dependsOnEarlier(candidate, before))) {
                    tried = candidate;
                }
            }
            if (parsed.writes(allStatements)) {
                batchWrote |= !allStatements && parsed.firstDeletes() ? ParsedSql.WROTE : ParsedSql.WROTE | ParsedSql.CHANGED;
            }
        }
        if (batch) {
            // Entries that each match part of a small table may match the same rows: SQLite's run
            // tells whether they leave any (the trial reads the table's rows), unless it cannot be tried.
            Destructive verdict = forbidsTrial ? tally.everyRow(lookups) : tally.everyRowByOneEntry(lookups);
            if (verdict != null) {
                return verdict;
            }
            if (tried == null && tally.severalCoverEveryRow() != null) {
                tried = tally.severalCoverEveryRow();
            }
        }
        if (tried == null || forbidsTrial) {
            return null; // a string with transaction control cannot be tried: its count stands
        }
        for (SqlName target : changedTargets) {
            for (SqlName logged : lookups.traits(target).triggerInserts()) {
                if (!insertTargets.contains(logged)) {
                    insertTargets.add(logged); // an audit trigger's rows are no change
                }
            }
        }
        List<TrialRun.Step> steps = new ArrayList<>(sqls.size());
        for (int i = 0; i < sqls.size(); i++) {
            steps.add(new TrialRun.Step(sqls.get(i), paramSets == null ? null : paramSets.get(i), allStatements));
        }
        TrialRun.Effect effect = TrialRun.run(connection, steps, insertTargets, bulkRows);
        return trialVerdict(effect, tried, insertTargets);
    }

    /**
     * Whether what {@code candidate} changes may depend on statements that run before it
     * ({@code before}: {@link ParsedSql#WROTE}, {@link ParsedSql#CHANGED}), so that its count in
     * the state before them can fall short. Rows deleted before only shrink what a DELETE or
     * UPDATE matches unless it reads other rows; a change by unique key finds one row in any state.
     */
    private boolean dependsOnEarlier(Candidate candidate, byte before) throws SQLException {
        if (candidate instanceof RowChange change) {
            boolean depends = (before & ParsedSql.CHANGED) != 0 || ((before & ParsedSql.WROTE) != 0 && change.readsOtherRows());
            return depends && !change.byUniqueKey(lookups, bulkRows);
        }
        return candidate instanceof RowInsert && (before & ParsedSql.CHANGED) != 0;
    }

    private Destructive trialVerdict(TrialRun.Effect effect, Candidate tried, List<SqlName> insertTargets) {
        Danger danger = tried.danger();
        String statement = statementOf(tried);
        if (effect == null) {
            return new Destructive(danger, statement, danger + " whose effect could not be measured"
                    + " (another connection held the write lock, or a bound value was not captured)");
        }
        if (effect.emptied() != null) {
            return new Destructive(danger, statement, danger + " that removes or changes every row of " + effect.emptied()
                    + " (seen in a trial run, rolled back)");
        }
        long destroyed = effect.destroyed();
        if (destroyed >= bulkRows) {
            return new Destructive(danger, statement, danger + " of at least " + grouped(bulkRows) + " rows ("
                    + grouped(destroyed) + " with triggers, foreign-key actions and REPLACE conflicts, seen in a trial run)");
        }
        if (tried instanceof RowInsert insert && (insert.replaces() || insert.upsertUpdate())
                && effect.rowsBefore() > 0 && destroyed >= effect.rowsBefore() && !insertTargets.isEmpty()) {
            return new Destructive(danger, statement, danger + " of every row (" + grouped(effect.rowsBefore()) + ") of "
                    + insertTargets.get(0).written() + " (replaced, seen in a trial run)");
        }
        return null;
    }

    private static String statementOf(Candidate candidate) {
        if (candidate instanceof RowChange change) {
            return change.statement();
        }
        if (candidate instanceof RowInsert insert) {
            return insert.statement();
        }
        return candidate.toString();
    }

    static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
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
            synchronized (monitor) {
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
        synchronized (monitor) {
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
        synchronized (monitor) {
            closed = true;
            lookups.close();
            if (unsettled) {
                settle();
            }
        }
    }
}
