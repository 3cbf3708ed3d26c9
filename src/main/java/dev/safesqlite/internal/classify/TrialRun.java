package dev.safesqlite.internal.classify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

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
 * before), and which tables of main held rows before and none after.
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
     * @param emptied     a table of main that held rows before and holds none after, or null
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
    static Effect run(Connection connection, List<Step> steps, List<SqlName> insertTargets) throws SQLException {
        for (Step step : steps) {
            if (step.params() != null) {
                for (Object value : step.params()) {
                    if (value == BoundValues.UNKNOWN) {
                        return null;
                    }
                }
            }
        }
        try (Statement control = connection.createStatement()) {
            long busyTimeout = single(control, "PRAGMA busy_timeout");
            if (busyTimeout > 0) {
                control.execute("PRAGMA busy_timeout = 0");
            }
            try {
                control.execute("SAVEPOINT " + SAVEPOINT);
                try {
                    return measure(connection, control, steps, insertTargets);
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

    private static Effect measure(Connection connection, Statement control, List<Step> steps,
                                  List<SqlName> insertTargets) throws SQLException {
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
        for (int k = 0; k < targetRows.length; k++) {
            if (targetRows[k] >= 0) {
                long after = rowCount(control, insertTargets.get(k));
                if (after < 0) {
                    removed += targetRows[k]; // dropped or renamed by the steps
                } else {
                    added += Math.max(0, after - targetRows[k]);
                    removed += Math.max(0, targetRows[k] - after);
                }
            }
        }
        String emptied = null;
        if (nonEmpty != null) {
            boolean[] after;
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
        return new Effect(changes, added, removed, targetRows.length == 0 ? -1 : targetRows[0], emptied);
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
