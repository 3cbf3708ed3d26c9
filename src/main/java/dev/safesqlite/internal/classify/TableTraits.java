package dev.safesqlite.internal.classify;

import java.util.List;

/**
 * What about a table lets a statement on it change more than its own matching rows, which no
 * count of those rows can see: SQLite's own run must then tell ({@link TrialRun}).
 *
 * @param riskyTriggers     the events ({@link #DELETE}, {@link #INSERT}, {@link #UPDATE}) on which a
 *                          trigger fires (of main, or temp triggers on it) whose body may change
 *                          or remove rows: anything but SELECTs and plain INSERTs into tables
 *                          without triggers
 * @param anyTriggers       the events on which any trigger fires: an outer {@code OR REPLACE}
 *                          makes even a trigger's plain INSERT replace rows
 * @param triggerInserts    tables that its triggers insert into: rows they add are no change
 * @param actionChildren    foreign keys of other tables that reference it with an action
 *                          ({@code CASCADE}, {@code SET NULL}, {@code SET DEFAULT}); they act
 *                          only while {@code PRAGMA foreign_keys} is on
 * @param uniqueKeys        its unique indexes and primary key (the rowid counts as one):
 *                          how many rows one inserted row can replace, at most
 * @param replacesOnConflict a constraint of its definition says {@code ON CONFLICT REPLACE}: a
 *                          plain INSERT or UPDATE may delete conflicting rows
 */
record TableTraits(int riskyTriggers, int anyTriggers, List<SqlName> triggerInserts, boolean actionChildren,
                   int uniqueKeys, boolean replacesOnConflict) {

    static final int DELETE = 1;
    static final int INSERT = 2;
    static final int UPDATE = 4;

    /** Nothing known: everything is possible. */
    static final TableTraits UNKNOWN = new TableTraits(DELETE | INSERT | UPDATE, DELETE | INSERT | UPDATE, List.of(),
            true, Integer.MAX_VALUE, true);
}
