package dev.safesqlite.internal.engine;

import dev.safesqlite.internal.audit.AuditEvent;
import dev.safesqlite.internal.backup.BackupFailedException;
import dev.safesqlite.internal.backup.Manifest;
import dev.safesqlite.internal.backup.StoredBackup;
import dev.safesqlite.internal.classify.Destructive;
import dev.safesqlite.internal.classify.SchemaChanges;
import dev.safesqlite.internal.classify.StatementClassifier;
import dev.safesqlite.internal.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.sqlite.SQLiteConnection;

/**
 * What the fronts (driver, agent) tell the engine about one application connection, and the
 * protection that follows: WAL on connect, and before destructive SQL a verified backup of
 * the last committed state, reused while the coalescing rules of SPEC section 4 allow.
 *
 * <p>Threads may share a connection: classification is serialised by the classifier, and
 * the coalescing state by {@link #protect}.
 */
public final class ProtectedConnection {

    /** SQLState of a destructive statement refused because it could not be protected. */
    public static final String BLOCKED_SQL_STATE = "SS001";

    private static final AtomicLong IDS = new AtomicLong();
    private static final long PID = ProcessHandle.current().pid();

    /**
     * Set while the engine itself runs SQL on the application's connection (schema look-ups,
     * row counts, data_version): under the agent those statements pass through the same hooks,
     * and must not be classified again.
     */
    private static final ThreadLocal<Boolean> IN_ENGINE = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private final Connection raw;
    private final Settings settings;
    private final ProtectedDatabase database; // null for :memory: and temporary databases
    private final StatementClassifier classifier;
    /** Numbers this connection in its {@link #id()}, which is written out only when a backup names it. */
    private final long number;

    /**
     * Coalescing (SPEC 4): the backup this connection took last, when, the data_version it read
     * just before taking it (another connection's commit changes data_version), and what this
     * connection had written once the statements the backup covers had finished ({@code after},
     * null while a covered statement is running or when one never reported its end: then the
     * backup is not reused). One immutable value, replaced under {@link #protect}'s lock, so
     * threads sharing the connection never see parts of two.
     */
    private record Coverage(Path kept, long takenNanos, long dataVersion, OwnWrites after) {
        Coverage running() {
            return new Coverage(kept, takenNanos, dataVersion, null);
        }

        Coverage finished(OwnWrites writes) {
            return new Coverage(kept, takenNanos, dataVersion, writes);
        }
    }

    private volatile Coverage coverage;

    /** Sees this connection commit between the statements a backup covers. */
    private final CommitWatch commits;

    private ProtectedConnection(Connection raw, Settings settings, ProtectedDatabase database) {
        this.raw = raw;
        this.commits = new CommitWatch(raw);
        this.settings = settings;
        this.database = database;
        // With protect=none the classifier still follows schema changes, which the verdicts
        // other connections remember depend on; it never asks for a backup.
        this.classifier = database == null
                ? null : new StatementClassifier(raw, settings.protect(), settings.bulkRows(), SchemaChanges.ENGINE);
        this.number = IDS.incrementAndGet();
        if (database != null && database.settings().continuous()) ContinuousSignal.install(raw, database);
    }

    /**
     * Called right after sqlite-jdbc opened {@code raw} (with {@link SqliteOpenProperties}):
     * forces WAL and registers the database. If it throws, the caller must close {@code raw}.
     */
    public static ProtectedConnection attach(Connection raw, Settings settings) throws SQLException {
        // The engine's own PRAGMAs mark a sqlite-jdbc connection as used, after which sqlite-jdbc
        // refuses setReadOnly under jdbc.explicit_readonly, which a pool calls right after
        // opening; the application has run nothing yet, so the flag is put back.
        SQLiteConnection sqlite = raw.isWrapperFor(SQLiteConnection.class) ? raw.unwrap(SQLiteConnection.class) : null;
        boolean usedBefore = sqlite != null && sqlite.isFirstStatementExecuted();
        try {
            return attachChecked(raw, settings);
        } finally {
            if (sqlite != null) sqlite.setFirstStatementExecuted(usedBefore);
        }
    }

    private static ProtectedConnection attachChecked(Connection raw, Settings settings) throws SQLException {
        String file = mainDatabaseFile(raw);
        if (file == null) {
            if (settings.wal()) {
                ProtectedDatabase.recordOnce("wal.unavailable:memory", AuditEvent.of("wal.unavailable", ":memory:")
                        .with("error", "an in-memory or temporary database has no file: WAL and backups do not apply")
                        .build(), ProtectedDatabase.auditWithoutDatabase());
            }
            return new ProtectedConnection(raw, settings, null);
        }
        ProtectedDatabase db = ProtectedDatabase.ofConnection(file, settings);
        if (settings.wal()) {
            WalMode.force(raw, db);
        }
        return new ProtectedConnection(raw, settings, db);
    }

    /**
     * The file of the {@code main} schema as SQLite reports it (an absolute path), or null for an
     * in-memory or temporary database. A statement of its own rather than one with the journal
     * mode: the two PRAGMAs' table-valued forms in one SELECT measured 10 µs slower than both
     * PRAGMAs (each sets up a virtual table).
     */
    private static String mainDatabaseFile(Connection raw) throws SQLException {
        try (Statement st = raw.createStatement(); ResultSet rs = st.executeQuery("PRAGMA database_list")) {
            while (rs.next()) {
                if ("main".equals(rs.getString(2))) {
                    String f = rs.getString(3);
                    return f == null || f.isEmpty() ? null : f;
                }
            }
        }
        return null;
    }

    /**
     * Before SQL runs. Takes (or reuses) a backup if the SQL is destructive; throws an
     * SQLException with SQLState SS001 when protection failed and {@code on.failure=block}.
     *
     * @param allStatements true for executeUpdate/executeLargeUpdate, which run every statement
     * @param params        bound values ({@code values[i]} is parameter i+1), or null
     * @return true when a backup now covers the statement: the front must then call
     *         {@link #coveredStatementFinished} once it has run without error
     */
    public boolean beforeExecute(String sql, boolean allStatements, Object[] params) throws SQLException {
        // The common case, a statement that cannot destroy data, costs one cached look-up here.
        if (!mayNeedBackup(sql, allStatements)) return false;
        return guarded(() -> {
            OwnWrites before = writesBeforeClassifying();
            return protectIfDestructive(classifier.classify(sql, allStatements, params), before);
        });
    }

    /**
     * False when {@code sql} cannot need a backup (an in-memory database, or nothing destructive and no
     * schema change in the cached parse): a front may then skip gathering bound values for
     * {@link #beforeExecute}.
     */
    public boolean mayNeedBackup(String sql, boolean allStatements) {
        commits.removeIfDone();
        return classifier != null && classifier.mayBeDestructive(sql, allStatements);
    }

    /**
     * For a statement prepared on this connection: its SQL parsed once, so that executing it
     * looks nothing up ({@link #mayNeedBackup(StatementClassifier.Prepared)}); null when nothing on
     * this connection is ever protected (an in-memory or temporary database).
     */
    public StatementClassifier.Prepared prepare(String sql) {
        return classifier == null ? null : classifier.prepare(sql);
    }

    /** {@link #mayNeedBackup(String, boolean)} for a prepared statement's next run. */
    public boolean mayNeedBackup(StatementClassifier.Prepared prepared) {
        commits.removeIfDone();
        return prepared != null && classifier.mayBeDestructive(prepared);
    }

    /** {@link #beforeExecute(String, boolean, Object[])} for a prepared statement's next run. */
    public boolean beforeExecute(StatementClassifier.Prepared prepared, Object[] params) throws SQLException {
        if (!mayNeedBackup(prepared)) return false;
        return guarded(() -> {
            OwnWrites before = writesBeforeClassifying();
            return protectIfDestructive(classifier.classify(prepared, params), before);
        });
    }

    /**
     * Before {@code Statement.executeBatch}: every SQL string of the batch (sqlite-jdbc runs only
     * the first statement of each), judged as a whole.
     *
     * @return true when a backup covers the batch (see {@link #beforeExecute})
     */
    public boolean beforeBatch(List<String> sqls) throws SQLException {
        return guarded(() -> {
            OwnWrites before = writesBeforeClassifying();
            return protectIfDestructive(classifier.classifyBatch(sqls, null), before);
        });
    }

    /**
     * Before {@code PreparedStatement.executeBatch}: one SQL, one value array per batch entry,
     * judged as a whole.
     *
     * @return true when a backup covers the batch (see {@link #beforeExecute})
     */
    public boolean beforeBatch(String sql, List<Object[]> parameterSets) throws SQLException {
        if (parameterSets.isEmpty()) return false;
        return guarded(() -> {
            OwnWrites before = writesBeforeClassifying();
            return protectIfDestructive(
                    classifier.classifyBatch(Collections.nCopies(parameterSets.size(), sql), parameterSets), before);
        });
    }

    /**
     * A statement (or batch) for which a before-call returned true has run without error. What
     * this connection has written now is what the backup covers; any further write of its own
     * makes the next destructive statement take a fresh backup. A covered statement that never
     * gets here (it failed, or a front did not report it) leaves the backup unusable for reuse.
     */
    public void coveredStatementFinished() {
        if (classifier == null || IN_ENGINE.get()) return;
        IN_ENGINE.set(Boolean.TRUE);
        try {
            synchronized (this) {
                Coverage c = coverage;
                if (c == null || c.after() != null) return;
                try {
                    coverage = c.finished(OwnWrites.read(raw));
                    commits.watch(); // the statement's own commit (autocommit) is covered; any later one is not
                } catch (SQLException e) {
                    // the statement itself succeeded; without the count the backup is simply not reused
                    coverage = null;
                    commits.stop();
                }
            }
        } finally {
            IN_ENGINE.set(Boolean.FALSE);
        }
    }

    /**
     * What this connection has written before the statement is classified: read first, because
     * classifying may itself write (a trial run rolled back still counts in total_changes).
     * Read only while a backup could be reused, so other statements pay nothing.
     */
    private OwnWrites writesBeforeClassifying() throws SQLException {
        Coverage c = coverage;
        if (c == null || c.after() == null || expired(c)) return null;
        return OwnWrites.read(raw);
    }

    private boolean expired(Coverage c) {
        return System.nanoTime() - c.takenNanos() >= settings.coalesce().toNanos();
    }

    private interface EngineWork {
        boolean run() throws SQLException;
    }

    /**
     * Runs classification and protection unless the database has no file (no classifier) or the
     * engine is already running; with protect=none classification only follows schema changes.
     */
    private boolean guarded(EngineWork work) throws SQLException {
        if (classifier == null || IN_ENGINE.get()) return false;
        IN_ENGINE.set(Boolean.TRUE);
        try {
            return work.run();
        } finally {
            IN_ENGINE.set(Boolean.FALSE);
        }
    }

    /** True when a backup now covers {@code d}; {@code before}: see {@link #writesBeforeClassifying}. */
    private boolean protectIfDestructive(Destructive d, OwnWrites before) throws SQLException {
        if (d == null) return false;
        return protect(d, before);
    }

    /** True while the engine runs its own SQL on this thread; fronts skip their hooks then. */
    public static boolean engineIsRunning() {
        return IN_ENGINE.get();
    }

    /**
     * The application committed or rolled back through JDBC, or switched auto-commit on: a
     * schema change it made is settled ({@link SchemaChanges}).
     */
    public void transactionEnded() {
        if (classifier != null) classifier.transactionEnded();
    }

    /** The application closed the connection. */
    public void closed() {
        if (classifier != null) classifier.close();
        // the commit watch goes with the connection: sqlite-jdbc must not be called after close
    }

    public Connection raw() {
        return raw;
    }

    /** {@code conn-N@PID}: the connection a backup's manifest names as its trigger. */
    public String id() {
        return "conn-" + number + "@" + PID;
    }

    /** Takes or reuses a backup for {@code d}; true when one covers it. */
    private synchronized boolean protect(Destructive d, OwnWrites before) throws SQLException {
        if (!SchemaCheck.hasSchema(raw)) {
            return false; // a database without a single table, index or view has nothing to lose yet
        }
        String db = database.file().toString();
        long dataVersion = dataVersion();
        Coverage c = coverage;
        if (reusable(c, dataVersion, before)) {
            coverage = c.running();
            commits.watch();
            database.record(AuditEvent.of("backup.reused", db)
                    .with("reason", d.danger().reason())
                    .with("sql", d.statement())
                    .with("backup", c.kept().toString())
                    .with("thread", Thread.currentThread().getName())
                    .build());
            return true;
        }
        Manifest.Trigger trigger = new Manifest.Trigger(d.statement(), id(), Thread.currentThread().getName());
        try {
            Path kept = database.protectBefore(d.danger().reason(), trigger, settings);
            commits.watch();
            coverage = new Coverage(kept, System.nanoTime(), dataVersion, null);
            return true;
        } catch (BackupFailedException e) {
            coverage = null;
            commits.stop();
            if (settings.blockOnFailure()) {
                database.record(AuditEvent.of("statement.blocked", db)
                        .with("reason", d.danger().reason())
                        .with("sql", d.statement())
                        .with("error", e.getMessage())
                        .with("thread", Thread.currentThread().getName())
                        .build());
                throw new SQLException("SafeSQLite blocked " + d.detail() + " on " + db
                        + ": no backup could be taken in " + database.backupDir() + " (" + e.getMessage()
                        + "). The statement did not run and the database is unchanged. Fix the cause, or set "
                        + "safesqlite.on.failure=proceed to run such statements unprotected.", BLOCKED_SQL_STATE, e);
            }
            database.record(AuditEvent.of("statement.unprotected", db)
                    .with("reason", d.danger().reason())
                    .with("sql", d.statement())
                    .with("error", e.getMessage())
                    .with("thread", Thread.currentThread().getName())
                    .build());
            return false;
        }
    }

    /**
     * SPEC 4: the last committed state may differ from the backup by nothing but what the
     * statements it covers did. So: every covered statement reported its end, this connection
     * has written nothing since the last of them and committed nothing either (a commit may make
     * durable what a transaction wrote before the backup, which shows the state before that
     * transaction), no other connection has committed, the window is still open, and the
     * backup was not pruned away meanwhile.
     */
    private boolean reusable(Coverage c, long dataVersion, OwnWrites before) {
        return c != null && c.after() != null && c.after().equals(before)
                && !commits.seen()
                && dataVersion == c.dataVersion()
                && !expired(c)
                && Files.exists(c.kept());
    }

    /**
     * {@code PRAGMA data_version} of this connection: changes when another connection (of
     * any process) commits. Read before a backup starts, so a commit that lands while the
     * backup runs makes the next statement take a fresh one.
     */
    private long dataVersion() throws SQLException {
        try (Statement st = raw.createStatement(); ResultSet rs = st.executeQuery("PRAGMA data_version")) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }
}
