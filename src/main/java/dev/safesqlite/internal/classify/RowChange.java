package dev.safesqlite.internal.classify;

import java.sql.SQLException;
import java.util.Locale;

/**
 * A DELETE or UPDATE, with the query that counts the rows it would change.
 *
 * @param probeSql         {@code SELECT (<countSql>), (rows of the target, up to two)}: one statement for the usual keyed change
 * @param countSql         {@code [WITH ...] SELECT count(*) FROM (SELECT 1 FROM <target> WHERE
 *                         <where> ... LIMIT ?)}, its parameters all anonymous, or null when the
 *                         statement could not be rewritten
 * @param parameterSources for each parameter of {@code countSql} but the last (the limit), the
 *                         index of the original statement's parameter it stands for
 * @param totalSql         {@code SELECT count(*) FROM (SELECT 1 FROM <target> LIMIT ?)}
 * @param planSql          {@code SELECT 1 FROM <target> WHERE <where>} when the WHERE is nothing but
 *                         {@code column = value} terms joined by AND (no WITH, no FROM, no ORDER
 *                         BY/LIMIT): it may pin a unique key, which its plan shows; else null. A
 *                         SELECT, because EXPLAIN of a DELETE or UPDATE resets {@code changes()}
 * @param orReplace        an {@code UPDATE OR REPLACE}: conflicts delete other rows
 * @param readsOtherRows   which rows it matches may depend on rows other than their own (a WITH,
 *                         a FROM, a subquery): rows deleted before it can make it match more
 * @param notCountable     why there is no {@code countSql}, or null
 */
record RowChange(Danger danger, SqlName target, String countSql, String probeSql, int[] parameterSources,
                 String totalSql, String planSql, boolean orReplace, boolean readsOtherRows,
                 String statement, String notCountable) implements Candidate {

    /**
     * Counts at most {@code bulkRows} matching rows, so a statement that changes millions of
     * rows costs a read of {@code bulkRows} of them; a statement that changes a few needs one
     * more, bounded, count of the whole table to tell "every row" from "some rows".
     */
    @Override
    public Destructive check(ConnectionLookups database, Object[] params, boolean firstToRun, long bulkRows)
            throws SQLException {
        if (countSql == null) {
            return unlessItFails(database, firstToRun, notCountable);
        }
        // A change by unique key touches one row at most, which is never bulk (bulk.rows >= 2),
        // even when it is a one-row table's only row: SPEC section 4 says a DELETE of a few rows
        // by key must not fire. Known from the query plan, once per statement: no count runs.
        if (planSql != null && bulkRows > 1 && database.changesOneRowAtMost(planSql, target)) {
            return null;
        }
        Object[] values = new Object[parameterSources.length + 1];
        for (int k = 0; k < parameterSources.length; k++) {
            Object value = boundValue(params, parameterSources[k]);
            if (value == BoundValues.UNKNOWN) {
                return conservative("a bound value was not captured");
            }
            values[k] = value;
        }
        values[parameterSources.length] = bulkRows;
        long matching;
        long total;
        try {
            long[] probe = database.counts(probeSql, values, 2);
            matching = probe[0];
            if (matching == 0) {
                return null;
            }
            if (matching >= bulkRows) {
                total = -1;
            } else if (matching == 1) {
                total = probe[1]; // up to two rows: 1 means the table has exactly the row matched
            } else {
                total = database.count(totalSql, new Object[] {matching + 1});
            }
        } catch (SQLException e) {
            return unlessItFails(database, firstToRun, e.getMessage());
        }
        if (total != -1 && total != matching) {
            return null;
        }
        if (target.schema() == null && database.exists("temp", ObjectType.TABLE, target.name())) {
            return null;
        }
        String extent = total == -1
                ? "at least " + grouped(bulkRows) + " rows"
                : "every row (" + grouped(matching) + ")";
        return new Destructive(danger, statement, danger + " of " + extent + " of " + target.written());
    }

    /**
     * Whether rows beyond the ones it matches may change: triggers on its table, foreign keys
     * with actions that reference it (while enforced), or conflicts that REPLACE resolves.
     */
    @Override
    public boolean needsTrial(ConnectionLookups database, long bulkRows) throws SQLException {
        if (countSql == null) {
            return false; // already judged destructive, or fails to prepare
        }
        TableTraits traits = database.traits(target);
        boolean replacing = danger == Danger.UPDATE && (orReplace || traits.replacesOnConflict());
        int events = danger == Danger.DELETE ? TableTraits.DELETE : TableTraits.UPDATE;
        return (traits.riskyTriggers() & events) != 0
                || (orReplace && (traits.anyTriggers() & events) != 0) // OR REPLACE reaches the trigger's own statements
                || replacing
                || (traits.actionChildren() && database.foreignKeysOn());
    }

    /** An UPDATE whose uniqueness conflicts delete rows: OR REPLACE, or ON CONFLICT REPLACE in its table. */
    boolean mayReplace(ConnectionLookups database) throws SQLException {
        return danger == Danger.UPDATE && countSql != null && (orReplace || database.traits(target).replacesOnConflict());
    }

    /**
     * For a batch: the rows it would change in the state before the batch, at most
     * {@code bulkRows}; -1 when they cannot be counted (the caller assumes the worst), 0 when
     * it cannot even be prepared (it fails, changing nothing).
     */
    long matching(ConnectionLookups database, Object[] params, long bulkRows) throws SQLException {
        if (countSql == null) {
            return database.failsToPrepare(statement) ? 0 : -1;
        }
        Object[] values = new Object[parameterSources.length + 1];
        for (int k = 0; k < parameterSources.length; k++) {
            Object value = boundValue(params, parameterSources[k]);
            if (value == BoundValues.UNKNOWN) {
                return -1;
            }
            values[k] = value;
        }
        values[parameterSources.length] = bulkRows;
        try {
            return database.count(countSql, values);
        } catch (SQLException e) {
            return database.failsToPrepare(statement) ? 0 : -1;
        }
    }

    /** Whether it changes one row at most, by a unique key (see {@link #check}). */
    boolean byUniqueKey(ConnectionLookups database, long bulkRows) throws SQLException {
        return countSql != null && planSql != null && bulkRows > 1 && database.changesOneRowAtMost(planSql, target);
    }

    /** Parameter {@code index} (1-based); one the application did not bind is NULL, as in SQLite. */
    private static Object boundValue(Object[] params, int index) {
        return params == null || index < 1 || index > params.length ? null : BoundValues.asBound(params[index - 1]);
    }

    /**
     * The rows could not be counted. If the statement itself cannot be prepared, it will fail
     * without changing anything; otherwise assume the worst.
     */
    private Destructive unlessItFails(ConnectionLookups database, boolean firstToRun, String why) {
        if (firstToRun && database.failsToPrepare(statement)) {
            return null;
        }
        return conservative(why);
    }

    private Destructive conservative(String why) {
        return new Destructive(danger, statement,
                danger + " of " + target.written() + ", rows not counted: " + why);
    }

    private static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
