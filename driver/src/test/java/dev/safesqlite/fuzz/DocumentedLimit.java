package dev.safesqlite.fuzz;

import java.util.List;
import java.util.Optional;

/**
 * Destructive calls SafeSQLite is documented not to back up (README, Limits and "What triggers
 * a backup"). A miss that matches one is counted apart and does not fail the fuzz test; every
 * other miss does. Keep this list as short as README's and each entry's reason the same.
 */
enum DocumentedLimit {

    /**
     * README, Design and Limits: a DELETE or UPDATE by unique key changes one row at most and takes
     * no backup, even when that row is the only row of a one-row table (SPEC 4 asks both for
     * "every row of a non-empty table" and for no backup on "a DELETE of a few rows by key").
     */
    ONE_ROW_TABLE_BY_UNIQUE_KEY("a change by unique key of the only row of a one-row table") {
        @Override
        boolean covers(Call call, DatabaseState before, DatabaseState.Effect effect) {
            return call.tags().contains(Call.Tag.BY_UNIQUE_KEY) && !effect.schemaChanged()
                    && effect.total() == 1 && effect.emptied().equals(List.of(call.target()))
                    && before.rowCount(call.target()) == 1;
        }
    };

    final String reason;

    DocumentedLimit(String reason) {
        this.reason = reason;
    }

    abstract boolean covers(Call call, DatabaseState before, DatabaseState.Effect effect);

    static Optional<DocumentedLimit> covering(Call call, DatabaseState before, DatabaseState.Effect effect) {
        for (DocumentedLimit limit : values()) {
            if (limit.covers(call, before, effect)) return Optional.of(limit);
        }
        return Optional.empty();
    }
}
