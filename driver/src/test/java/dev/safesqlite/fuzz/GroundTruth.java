package dev.safesqlite.fuzz;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What raw sqlite-jdbc does with a call, on an identical copy of the database: the call's
 * statements are replayed one at a time, and the state is read before and after each, so a
 * backup taken between the statements of a batch can be placed.
 */
record GroundTruth(List<DatabaseState> states, SQLException error) {

    static GroundTruth of(Connection raw, Call call, DatabaseState before) throws SQLException {
        List<DatabaseState> states = new ArrayList<>(List.of(before));
        for (Call.Step step : call.steps()) {
            try {
                call.path().runAlone(raw, step);
            } catch (SQLException e) {
                return new GroundTruth(states, e);
            }
            states.add(DatabaseState.read(raw));
        }
        return new GroundTruth(states, null);
    }

    DatabaseState before() {
        return states.get(0);
    }

    DatabaseState after() {
        return states.get(states.size() - 1);
    }

    DatabaseState.Effect effect() {
        return before().effectTo(after());
    }

    /** SPEC 4: a backup is owed when there was something to lose and the call was destructive. */
    boolean owesBackup(Call call, int bulkRows) {
        if (!before().hasSchema()) return false; // README: a database with no schema yet has nothing to lose
        boolean ddlByName = call.tags().contains(Call.Tag.DDL_WITHOUT_SCHEMA_CHANGE) && error == null;
        return ddlByName || effect().destructive(bulkRows);
    }

    /**
     * Whether a backup holding {@code backup} was a correct one: it must be a state the database
     * passed through before the call's last statement, reached from the state before the call by
     * nothing destructive (a batch may be backed up before its first destructive entry, not after).
     */
    boolean isCorrectBackup(DatabaseState backup, int bulkRows) {
        int candidates = error == null ? states.size() - 1 : states.size();
        for (int i = 0; i < candidates; i++) {
            if (states.get(i).equals(backup) && !before().effectTo(states.get(i)).destructive(bulkRows)) return true;
        }
        return false;
    }
}
