package dev.safesqlite.internal.classify;

import java.sql.SQLException;

/**
 * An INSERT or REPLACE: it adds rows, which destroys nothing, unless it replaces or updates
 * existing ones ({@code INSERT OR REPLACE}, {@code REPLACE}, a table constraint with
 * {@code ON CONFLICT REPLACE}, an upsert's {@code DO UPDATE}) or its table's triggers change
 * others. How many it replaces depends on the keys already there, which no count of the
 * statement's text can see: when it may reach {@code bulk.rows}, SQLite's own run decides
 * ({@link TrialRun}). A few rows given by VALUES replace a few rows by key at most, which is
 * never bulk, like a change by unique key.
 *
 * @param target      the table written
 * @param replaces    {@code REPLACE} or {@code INSERT OR REPLACE}
 * @param upsertUpdate an {@code ON CONFLICT ... DO UPDATE} clause
 * @param valuesRows  how many rows its VALUES list gives (1 for DEFAULT VALUES), or -1 for a SELECT
 */
record RowInsert(SqlName target, boolean replaces, boolean upsertUpdate, int valuesRows, String statement)
        implements Candidate {

    @Override
    public Danger danger() {
        return upsertUpdate && !replaces ? Danger.UPDATE : Danger.DELETE;
    }

    /** Never destructive by its text alone: see {@link #needsTrial}. */
    @Override
    public Destructive check(ConnectionLookups database, Object[] params, boolean firstToRun, long bulkRows) {
        return null;
    }

    @Override
    public boolean needsTrial(ConnectionLookups database, long bulkRows) throws SQLException {
        TableTraits traits = database.traits(target);
        if (harmlessOn(traits, bulkRows)) {
            return false;
        }
        // only foreign keys stand between it and a bounded change: they act only while enforced
        return !boundedBesidesForeignKeys(traits, bulkRows) || database.foreignKeysOn();
    }

    /**
     * Whether it can destroy nothing on a table with {@code traits}, whatever PRAGMA
     * foreign_keys says: what lets an INSERT into a table without triggers skip the engine.
     */
    boolean harmlessOn(TableTraits traits, long bulkRows) {
        return boundedBesidesForeignKeys(traits, bulkRows) && (!traits.actionChildren() || !replacesOrUpdates(traits));
    }

    private boolean replacesOrUpdates(TableTraits traits) {
        return replaces || traits.replacesOnConflict() || upsertUpdate;
    }

    /**
     * No trigger that may change rows fires, and it adds rows only, or replaces or updates fewer
     * than bulk.rows by key.
     */
    private boolean boundedBesidesForeignKeys(TableTraits traits, long bulkRows) {
        int events = TableTraits.INSERT | (replaces || traits.replacesOnConflict() ? TableTraits.DELETE : 0)
                | (upsertUpdate ? TableTraits.UPDATE : 0);
        if ((traits.riskyTriggers() & events) != 0 || (replaces && (traits.anyTriggers() & events) != 0)) {
            return false; // an outer OR REPLACE is also the conflict rule of the trigger's own INSERTs
        }
        if (!replacesOrUpdates(traits)) {
            return true;
        }
        if (valuesRows < 0) {
            return false;
        }
        // Each VALUES row replaces at most one row per unique key, or updates one row.
        boolean replacing = replaces || traits.replacesOnConflict();
        long most = (long) valuesRows * (replacing ? traits.uniqueKeys() : 1);
        return most < bulkRows;
    }
}
