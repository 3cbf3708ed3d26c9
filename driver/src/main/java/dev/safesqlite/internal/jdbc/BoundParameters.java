package dev.safesqlite.internal.jdbc;

import dev.safesqlite.internal.classify.BoundValues;
import java.util.Arrays;

/**
 * The values an application bound to a prepared statement, kept so the engine can judge
 * {@code DELETE FROM t WHERE id > ?} by what it would really match. A value given as a stream or
 * reader cannot be read twice, so it is kept as {@link BoundValues#UNKNOWN} and the engine
 * assumes the worst.
 */
final class BoundParameters {

    private Object[] values = new Object[8];
    private int count;
    /** False for a statement whose verdicts never read a bound value: then nothing is kept. */
    private final boolean kept;

    /** @param kept false when nothing will read the values (see {@code StatementClassifier.Prepared#readsBoundValues}) */
    BoundParameters(boolean kept) {
        this.kept = kept;
    }

    /** Parameter {@code index} (1-based, as in JDBC) now holds {@code value}. */
    void set(int index, Object value) {
        if (!kept || index < 1) {
            return; // sqlite-jdbc has already rejected it; nothing was bound
        }
        if (index > values.length) {
            values = Arrays.copyOf(values, Math.max(index, values.length * 2));
        }
        values[index - 1] = value;
        count = Math.max(count, index);
    }

    void setUnknown(int index) {
        set(index, BoundValues.UNKNOWN);
    }

    void clear() {
        Arrays.fill(values, 0, count, null);
        count = 0;
    }

    /** A copy in the engine's form: {@code [i]} is parameter {@code i + 1}; unbound ones are null, as SQLite binds them. */
    Object[] snapshot() {
        return Arrays.copyOf(values, count);
    }
}
