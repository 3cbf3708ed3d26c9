package dev.safesqlite.internal.classify;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The rows a batch's DELETEs and UPDATEs match, added up per table, each entry counted in the
 * state before the batch: an entry's rows that an earlier one already removed are counted again,
 * which can only make the sum larger than what the batch changes (the safe side). Entries by
 * unique key count the row they find, and, like a single change by key, never make "every row".
 * Tables are told apart by name alone, so {@code t} and {@code main.t} add up together.
 */
final class BatchTally {

    private final long bulkRows;
    private final Map<String, Sum> sums = new LinkedHashMap<>();

    private static final class Sum {
        final RowChange first;
        long rows;
        boolean notByKey;

        Sum(RowChange first) {
            this.first = first;
        }
    }

    BatchTally(long bulkRows) {
        this.bulkRows = bulkRows;
    }

    /** Adds one entry; returns the verdict as soon as the sum reaches bulk.rows. */
    Destructive add(ConnectionLookups database, RowChange change, Object[] params) throws SQLException {
        long matching = change.matching(database, params, bulkRows);
        if (matching < 0) {
            return change.check(database, params, false, bulkRows); // not countable: its own verdict
        }
        if (matching == 0) {
            return null;
        }
        Sum sum = sums.computeIfAbsent(change.target().name().toLowerCase(Locale.ROOT), name -> new Sum(change));
        sum.rows += matching;
        sum.notByKey |= !change.byUniqueKey(database, bulkRows);
        if (sum.rows >= bulkRows && !isTemp(database, change)) {
            return new Destructive(change.danger(), change.statement(), change.danger() + " of at least "
                    + StatementClassifier.grouped(bulkRows) + " rows of " + change.target().written()
                    + " by the entries of one batch together");
        }
        return null;
    }

    /** After every entry: whether the entries together match every row of a non-empty table. */
    Destructive everyRow(ConnectionLookups database) throws SQLException {
        for (Sum sum : sums.values()) {
            if (!sum.notByKey || sum.first.totalSql() == null) {
                continue;
            }
            long total = database.count(sum.first.totalSql(), new Object[] {sum.rows + 1});
            if (total <= sum.rows && !isTemp(database, sum.first)) {
                return new Destructive(sum.first.danger(), sum.first.statement(), sum.first.danger() + " of every row ("
                        + StatementClassifier.grouped(total) + ") of " + sum.first.target().written()
                        + " by the entries of one batch together");
            }
        }
        return null;
    }

    private static boolean isTemp(ConnectionLookups database, RowChange change) throws SQLException {
        return change.target().schema() == null && database.exists("temp", ObjectType.TABLE, change.target().name());
    }
}
