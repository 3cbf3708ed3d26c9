package dev.safesqlite.internal.classify;

import java.sql.SQLException;

/**
 * One statement that may need a backup, as read from its text (and cached with it). Whether it
 * does depends on the database at the time it runs, which {@link #check} looks up.
 */
sealed interface Candidate permits SchemaChange, UnconditionalDdl, RowChange, RowInsert {

    Danger danger();

    /**
     * @param params     bound values of the statement, or null
     * @param firstToRun true when this is the first statement of its string: if it cannot even
     *                   be prepared, then nothing runs and nothing is destroyed
     * @return the verdict, or null when the statement will not destroy anything
     */
    Destructive check(ConnectionLookups database, Object[] params, boolean firstToRun, long bulkRows)
            throws SQLException;

    /**
     * Whether {@link #check} cannot bound what it changes (triggers, foreign-key actions,
     * conflicts resolved by REPLACE), so that only SQLite's own run can tell ({@link TrialRun}).
     * Asked only when {@link #check} found nothing.
     */
    default boolean needsTrial(ConnectionLookups database, long bulkRows) throws SQLException {
        return false;
    }
}
