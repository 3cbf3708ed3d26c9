package dev.safesqlite;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a restore did.
 *
 * @param restored          the backup now in place; for a point in time (SPEC 11) the restore
 *                          point's file, or null when a time or position was given
 * @param preRestore        the backup of the state that was replaced (or, for a database SQLite
 *                          could not read, a byte copy of it); null when there was no database
 * @param rowsBefore        row count of every table before the restore
 * @param rowsAfter         row count of every table after it
 * @param userVersionBefore {@code user_version} before
 * @param userVersionAfter  {@code user_version} after
 * @param position          for a point in time, the transaction restored ({@code tx42}); null for a backup
 */
public record RestoreResult(Path restored, Path preRestore, Map<String, Long> rowsBefore, Map<String, Long> rowsAfter,
                            long userVersionBefore, long userVersionAfter, String position) {

    public RestoreResult(Path restored, Path preRestore, Map<String, Long> rowsBefore, Map<String, Long> rowsAfter,
                         long userVersionBefore, long userVersionAfter) {
        this(restored, preRestore, rowsBefore, rowsAfter, userVersionBefore, userVersionAfter, null);
    }
}
