package dev.safesqlite.agent.bootstrap;

import java.util.Properties;
import java.util.function.Function;

/**
 * The static entry points the advice calls from inside sqlite-jdbc. It is in the bootstrap
 * loader, which every class loader can see, so it is reachable from sqlite-jdbc wherever the
 * application loaded it (system class path, a web application's child-first loader).
 *
 * <p>Each call finds the {@link SqliteHooks} of the calling sqlite-jdbc's own class loader,
 * cached per class, so two web applications with their own sqlite-jdbc reach two engine copies.
 */
public final class SqliteCalls {

    /** What an {@code enter} method returns when its statement was already running (a self-call). */
    private static final Object NESTED = new Object();

    private static volatile Function<Class<?>, SqliteHooks> engines;

    private static final ClassValue<SqliteHooks> HOOKS = new ClassValue<>() {
        @Override
        protected SqliteHooks computeValue(Class<?> sqliteClass) {
            return engines.apply(sqliteClass);
        }
    };

    /**
     * The statement whose protection this thread has done and that is now running. sqlite-jdbc's
     * methods call one another on the same statement ({@code executeUpdate} calls
     * {@code executeLargeUpdate}); only the outermost call is protected. Keyed by the statement,
     * not a depth count, so SQL that runs on another statement while one is running (a
     * user-defined SQL function) is still seen.
     */
    private static final ThreadLocal<Object> RUNNING = new ThreadLocal<>();

    /**
     * What an {@code enter} method returns for a statement a backup covers: the exit must tell the
     * engine when it ran without error (coalescing, SPEC 4). Allocated only for such statements.
     */
    private static final class Covered {
        final Object previous;
        final Object connection;
        final SqliteHooks hooks;

        Covered(Object previous, Object connection, SqliteHooks hooks) {
            this.previous = previous;
            this.connection = connection;
            this.hooks = hooks;
        }
    }

    private SqliteCalls() {
    }

    /** Called once by the agent: how to find the engine copy for a sqlite-jdbc class. */
    public static void install(Function<Class<?>, SqliteHooks> engineForClass) {
        engines = engineForClass;
    }

    public static boolean installed() {
        return engines != null;
    }

    public static Object[] opening(Class<?> sqliteClass, String url, Properties properties) throws Exception {
        return HOOKS.get(sqliteClass).opening(url, properties);
    }

    public static void opened(Class<?> sqliteClass, Object state, Object connection) throws Exception {
        HOOKS.get(sqliteClass).opened(state, connection);
    }

    public static void closed(Object connection) {
        HOOKS.get(connection.getClass()).closed(connection);
    }

    public static void transactionEnded(Object connection) {
        HOOKS.get(connection.getClass()).transactionEnded(connection);
    }

    /**
     * Before a plain statement's SQL runs; {@code method} is the name of the advised method.
     *
     * @return what {@link #exitStatement} needs
     */
    public static Object enterSql(Object statement, Object connection, String sql, String method) throws Exception {
        Object entered = claim(statement);
        if (entered == NESTED) return NESTED;
        try {
            boolean allStatements = "executeUpdate".equals(method) || "executeLargeUpdate".equals(method);
            SqliteHooks hooks = HOOKS.get(statement.getClass());
            if (hooks.beforeSql(connection, sql, allStatements, null)) return new Covered(entered, connection, hooks);
        } catch (Throwable t) {
            exitStatement(entered, false);
            throw t;
        }
        return entered;
    }

    /**
     * Before a prepared statement runs. sqlite-jdbc binds the first {@code parameterCount}
     * entries of its {@code batch} array (even when earlier sets were added with addBatch).
     */
    public static Object enterPrepared(Object statement, Object connection, String sql, Object[] batch,
                                       int parameterCount) throws Exception {
        Object entered = claim(statement);
        if (entered == NESTED) return NESTED;
        try {
            // the engine copies the bound values only for a statement that may need a backup
            SqliteHooks hooks = HOOKS.get(statement.getClass());
            if (hooks.beforePrepared(connection, sql, batch, parameterCount)) return new Covered(entered, connection, hooks);
        } catch (Throwable t) {
            exitStatement(entered, false);
            throw t;
        }
        return entered;
    }

    /** Before a plain statement's batch: the first {@code count} entries of {@code sqls}. */
    public static Object enterBatch(Object statement, Object connection, Object[] sqls, int count) throws Exception {
        Object entered = claim(statement);
        if (entered == NESTED) return NESTED;
        try {
            SqliteHooks hooks = HOOKS.get(statement.getClass());
            if (count > 0 && hooks.beforeBatch(connection, sqls, count)) return new Covered(entered, connection, hooks);
        } catch (Throwable t) {
            exitStatement(entered, false);
            throw t;
        }
        return entered;
    }

    /** Before a prepared statement's batch. */
    public static Object enterPreparedBatch(Object statement, Object connection, String sql, Object[] batch,
                                            int parameterCount, int count) throws Exception {
        Object entered = claim(statement);
        if (entered == NESTED) return NESTED;
        try {
            SqliteHooks hooks = HOOKS.get(statement.getClass());
            if (count > 0 && hooks.beforePreparedBatch(connection, sql, batch, parameterCount, count)) {
                return new Covered(entered, connection, hooks);
            }
        } catch (Throwable t) {
            exitStatement(entered, false);
            throw t;
        }
        return entered;
    }

    /** Marks {@code statement} as running; returns the statement that ran before it, or {@link #NESTED}. */
    private static Object claim(Object statement) {
        Object previous = RUNNING.get();
        if (previous == statement) return NESTED;
        RUNNING.set(statement);
        return previous;
    }

    /**
     * After the statement ran ({@code succeeded}) or threw: the statement that ran before it, if
     * any, is current again, and a covered statement that succeeded is reported to the engine. One
     * that threw is not, so the engine does not reuse its backup.
     */
    public static void exitStatement(Object entered, boolean succeeded) {
        if (entered == NESTED) return;
        if (entered instanceof Covered covered) {
            RUNNING.set(covered.previous);
            if (succeeded) covered.hooks.coveredStatementFinished(covered.connection);
        } else {
            RUNNING.set(entered);
        }
    }
}
