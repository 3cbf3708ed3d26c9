package dev.safesqlite.internal.restore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a restore will change, shown before anyone confirms it: each table's row count now and
 * after, tables that appear or disappear, and the schema version ({@code user_version}).
 */
public record RestoreDiff(List<TableChange> tables, long userVersionNow, long userVersionAfter) {

    /** One table; {@code rowsNow} is null when the restore brings it back, {@code rowsAfter} null when it goes. */
    public record TableChange(String table, Long rowsNow, Long rowsAfter) {
        /** {@code appears}, {@code disappears}, {@code changes} or {@code same}. */
        public String change() {
            if (rowsNow == null) return "appears";
            if (rowsAfter == null) return "disappears";
            return rowsNow.equals(rowsAfter) ? "same" : "changes";
        }
    }

    static RestoreDiff between(DatabaseState now, Map<String, Long> after, long userVersionAfter) {
        TreeSet<String> names = new TreeSet<>(now.tables().keySet());
        names.addAll(after.keySet());
        List<TableChange> changes = new ArrayList<>();
        for (String n : names) changes.add(new TableChange(n, now.tables().get(n), after.get(n)));
        return new RestoreDiff(List.copyOf(changes), now.userVersion(), userVersionAfter);
    }

    public List<String> appearing() {
        return tables.stream().filter(t -> t.rowsNow() == null).map(TableChange::table).toList();
    }

    public List<String> disappearing() {
        return tables.stream().filter(t -> t.rowsAfter() == null).map(TableChange::table).toList();
    }
}
