package dev.safesqlite.internal.classify;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lets SQLite say what statements do where their text cannot (triggers, foreign-key actions,
 * conflicts resolved by REPLACE, statements that depend on the ones before them): they run on
 * the application's connection inside a savepoint, what they changed is read, and everything is
 * rolled back before the real run. Nothing of a trial is ever committed, so no other connection
 * sees it; inside the application's own transaction the savepoint nests.
 *
 * <p>What is read: {@code total_changes()} before and after (it counts rows changed by triggers
 * and foreign-key actions, not rows REPLACE deletes), the row counts of the tables inserted into
 * or replaced in (rows added are no change; rows a REPLACE deleted show as fewer rows than
 * before), which tables of main held rows before and none after, and, when fewer than
 * bulk.rows rows changed, which table small enough to have had every row changed kept none of
 * its rows as they were (its rows read after the run, and again after rolling back).
 *
 * <p>The trial never waits for another connection: the busy timeout is 0 while it runs, and a
 * write lock that cannot be had at once ends it with no answer (null); the caller then assumes
 * the worst.
 */
final class TrialRun {

    private static final String SAVEPOINT = "safesqlite_trial";
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;

    /** One statement (or, with {@code allStatements}, string) to run, with its bound values or null. */
    record Step(String sql, Object[] params, boolean allStatements) {
    }

    /**
     * @param changes     rows inserted, updated or deleted, triggers and foreign-key actions included
     * @param added       rows the counted tables gained, net, summed over the tables that gained
     * @param removed     rows the counted tables lost, net, summed over the tables that lost:
     *                    rows REPLACE deleted, which {@code total_changes()} leaves out
     * @param rowsBefore  rows of the first counted table before, or -1
     * @param emptied     a table of main that held rows before and holds none after, or none of
     *                    them unchanged, or null
     */
    record Effect(long changes, long added, long removed, long rowsBefore, String emptied) {

        /**
         * Rows changed or removed, as far as the trial can tell: rows added are taken off, rows
         * that vanished from a counted table without being counted are added (a counted table's
         * rows removed by a counted DELETE count twice, the safe side).
         */
        long destroyed() {
            return Math.max(0, changes - added + removed);
        }
    }

    private TrialRun() {
    }

    /**
     * @param insertTargets the tables whose row counts are compared: those the steps insert into
     *                      or REPLACE in
     * @return what the steps did, or null when the trial could not run to its end without waiting
     *         for another connection, or a value to bind was not captured
     */
    static Effect run(Connection connection, List<Step> steps, List<SqlName> insertTargets, long bulkRows)
            throws SQLException {
        for (Step step : steps) {
            if (step.params() != null) {
                for (Object value : step.params()) {
                    if (value == BoundValues.UNKNOWN) {
                        return null;
                    }
                }
            }
        }
        for (Step step : steps) {
            if (step.sql().toUpperCase(Locale.ROOT).contains("ROLLBACK")) {
                return null; // OR ROLLBACK / RAISE(ROLLBACK): see mayEndTheTransaction
            }
        }
        try (Statement control = connection.createStatement()) {
            if (mayEndTheTransaction(control)) {
                return null;
            }
            long busyTimeout = single(control, "PRAGMA busy_timeout");
            if (busyTimeout > 0) {
                control.execute("PRAGMA busy_timeout = 0");
            }
            try {
                control.execute("SAVEPOINT " + SAVEPOINT);
                try {
                    return measure(connection, control, steps, insertTargets, bulkRows);
                } finally {
                    control.execute("ROLLBACK TO " + SAVEPOINT);
                    control.execute("RELEASE " + SAVEPOINT);
                }
            } finally {
                if (busyTimeout > 0) {
                    control.execute("PRAGMA busy_timeout = " + busyTimeout);
                }
            }
        }
    }

    /**
     * A ROLLBACK conflict resolution (a table's {@code ON CONFLICT ROLLBACK}, a trigger's (temp triggers too) {@code
     * RAISE(ROLLBACK)}) ends the whole transaction, the application's own and the trial's
     * savepoint with it: such a statement must not run on trial, or the application would meet
     * our error instead of SQLite's, and its own statement would never run. Rare in schemas, so
     * asked only when a trial is about to run; the caller then assumes the worst (a backup).
     */
    private static boolean mayEndTheTransaction(Statement control) throws SQLException {
        return single(control, "SELECT EXISTS (SELECT 1 FROM main.sqlite_schema WHERE sql LIKE '%ROLLBACK%'"
                + " UNION ALL SELECT 1 FROM temp.sqlite_schema WHERE sql LIKE '%ROLLBACK%')") != 0;
    }

    private static Effect measure(Connection connection, Statement control, List<Step> steps,
                                  List<SqlName> insertTargets, long bulkRows) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rows = control.executeQuery("SELECT name FROM main.sqlite_schema WHERE type = 'table'"
                + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND sql NOT LIKE 'CREATE VIRTUAL%'")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        String nonEmpty = nonEmptyQuery(tables);
        boolean[] before = nonEmpty == null ? new boolean[0] : flags(control, nonEmpty, tables.size());
        long[] targetRows = new long[insertTargets.size()];
        for (int k = 0; k < targetRows.length; k++) {
            targetRows[k] = rowCount(control, insertTargets.get(k));
        }
        long changesBefore = single(control, "SELECT total_changes()");
        for (Step step : steps) {
            try {
                run(connection, step);
            } catch (SQLException e) {
                int code = e.getErrorCode() & 0xff;
                if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
                    return null;
                }
                break; // as in the real run, what ran before the failure stays; nothing after runs
            }
        }
        long changes = single(control, "SELECT total_changes()") - changesBefore;
        long added = 0;
        long removed = 0;
        Map<String, Long> grew = new HashMap<>();
        for (int k = 0; k < targetRows.length; k++) {
            if (targetRows[k] >= 0) {
                long after = rowCount(control, insertTargets.get(k));
                if (after < 0) {
                    removed += targetRows[k]; // dropped or renamed by the steps
                } else {
                    added += Math.max(0, after - targetRows[k]);
                    grew.merge(insertTargets.get(k).name().toLowerCase(Locale.ROOT), Math.max(0, after - targetRows[k]), Long::sum);
                    removed += Math.max(0, targetRows[k] - after);
                }
            }
        }
        String emptied = null;
        boolean[] after = new boolean[0];
        if (nonEmpty != null) {
            try {
                after = flags(control, nonEmpty, tables.size());
            } catch (SQLException e) {
                return new Effect(changes, added, removed, -1, "a table the statements dropped or renamed");
            }
            for (int k = 0; k < before.length && emptied == null; k++) {
                if (before[k] && !after[k]) {
                    emptied = tables.get(k);
                }
            }
        }
        long rowsBefore = targetRows.length == 0 ? -1 : targetRows[0];
        Effect effect = new Effect(changes, added, removed, rowsBefore, emptied);
        if (emptied == null && effect.destroyed() > 0 && effect.destroyed() < bulkRows) {
            String changedAll = everyRowChanged(control, tables, before, after, effect.destroyed(), grew);
            if (changedAll != null) {
                return new Effect(changes, added, removed, rowsBefore, changedAll);
            }
        }
        return effect;
    }

    /**
     * A table of main that held rows before and none of whose rows is still there unchanged
     * (each removed or changed, as SQLite's own rows compare), or null. Each of its rows counts
     * in {@code destroyed} (fewer than bulk.rows), so only a table of at most that many rows
     * before can be one, and of at most that many plus the rows it gained ({@code grew}, for
     * the tables inserted into) after: the others cost one bounded count. The rows after are
     * read first; then the savepoint is rolled back, which gives the rows before again (the
     * caller rolls back once more, to no effect, and releases it).
     */
    private static String everyRowChanged(Statement control, List<String> tables, boolean[] before, boolean[] after,
                                          long destroyed, Map<String, Long> grew) throws SQLException {
        List<String> small = new ArrayList<>();
        List<Long> smallBounds = new ArrayList<>();
        StringBuilder counts = new StringBuilder("SELECT ");
        List<String> asked = new ArrayList<>();
        List<Long> bounds = new ArrayList<>();
        for (int k = 0; k < before.length; k++) {
            if (before[k] && after[k]) {
                long bound = destroyed + grew.getOrDefault(tables.get(k).toLowerCase(Locale.ROOT), 0L);
                counts.append(asked.isEmpty() ? "" : ", ").append("(SELECT count(*) FROM (SELECT 1 FROM main.")
                        .append(SqlName.quote(tables.get(k))).append(" LIMIT ").append(bound + 1).append("))");
                asked.add(tables.get(k));
                bounds.add(bound);
            }
        }
        if (asked.isEmpty()) {
            return null;
        }
        try (ResultSet row = control.executeQuery(counts.toString())) {
            row.next();
            for (int k = 0; k < asked.size(); k++) {
                if (row.getLong(k + 1) <= bounds.get(k)) {
                    small.add(asked.get(k));
                    smallBounds.add(bounds.get(k));
                }
            }
        }
        if (small.isEmpty()) {
            return null;
        }
        List<Map<List<Object>, Integer>> rowsAfter = new ArrayList<>(small.size());
        for (int k = 0; k < small.size(); k++) {
            rowsAfter.add(rows(control, small.get(k), smallBounds.get(k)));
        }
        control.execute("ROLLBACK TO " + SAVEPOINT);
        for (int k = 0; k < small.size(); k++) {
            Map<List<Object>, Integer> rowsBefore = rows(control, small.get(k), destroyed);
            if (rowsBefore != null && !rowsBefore.isEmpty() && noneKept(rowsBefore, rowsAfter.get(k))) {
                return small.get(k);
            }
        }
        return null;
    }

    /** The rows of {@code table}, as a multiset of their values; null when it has more than {@code bound}. */
    private static Map<List<Object>, Integer> rows(Statement control, String table, long bound) throws SQLException {
        Map<List<Object>, Integer> out = new HashMap<>();
        long seen = 0;
        try (ResultSet rows = control.executeQuery("SELECT * FROM main." + SqlName.quote(table) + " LIMIT " + (bound + 1))) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                if (++seen > bound) {
                    return null;
                }
                List<Object> values = new ArrayList<>(columns);
                for (int c = 1; c <= columns; c++) {
                    Object value = rows.getObject(c);
                    values.add(value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value);
                }
                out.merge(values, 1, Integer::sum);
            }
        }
        return out;
    }

    /** Whether no row of {@code before} (with its multiplicity) is among {@code after}. */
    private static boolean noneKept(Map<List<Object>, Integer> before, Map<List<Object>, Integer> after) {
        if (after == null) {
            return false; // more rows after than could have changed: some were kept
        }
        for (List<Object> row : before.keySet()) {
            if (after.containsKey(row)) {
                return false;
            }
        }
        return true;
    }

    private static void run(Connection connection, Step step) throws SQLException {
        if (step.allStatements()) {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate(step.sql()); // sqlite3_exec: every statement of the string
            }
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(step.sql())) {
            Object[] params = step.params();
            if (params != null) {
                int count = Math.min(params.length, statement.getParameterMetaData().getParameterCount());
                for (int k = 0; k < count; k++) {
                    statement.setObject(k + 1, BoundValues.asBound(params[k]));
                }
            }
            if (statement.execute()) {
                try (ResultSet returning = statement.getResultSet()) {
                    while (returning.next()) {
                        // RETURNING: SQLite makes every change at the first step; read to the end anyway
                    }
                }
            }
        }
    }

    /** {@code SELECT EXISTS (SELECT 1 FROM main."a"), ...}, or null for a database without tables. */
    private static String nonEmptyQuery(List<String> tables) {
        if (tables.isEmpty()) {
            return null;
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int k = 0; k < tables.size(); k++) {
            sql.append(k == 0 ? "" : ", ").append("EXISTS (SELECT 1 FROM main.").append(SqlName.quote(tables.get(k))).append(')');
        }
        return sql.toString();
    }

    private static boolean[] flags(Statement control, String sql, int columns) throws SQLException {
        boolean[] out = new boolean[columns];
        try (ResultSet row = control.executeQuery(sql)) {
            row.next();
            for (int k = 0; k < columns; k++) {
                out[k] = row.getInt(k + 1) != 0;
            }
        }
        return out;
    }

    /** Rows of {@code table}, or -1 when it cannot be read (it is created by the steps themselves). */
    private static long rowCount(Statement control, SqlName table) {
        try {
            return single(control, "SELECT count(*) FROM " + table.quoted());
        } catch (SQLException e) {
            return -1;
        }
    }

    private static long single(Statement control, String sql) throws SQLException {
        try (ResultSet row = control.executeQuery(sql)) {
            return row.next() ? row.getLong(1) : 0;
        }
    }
}
