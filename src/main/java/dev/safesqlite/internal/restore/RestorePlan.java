package dev.safesqlite.internal.restore;

import dev.safesqlite.internal.backup.StoredBackup;

/**
 * A validated backup and what restoring it would change: everything an operator sees before
 * confirming, and all a dry run does.
 *
 * @param current   the database as it is now
 * @param undo      whether the backup was chosen by {@code --undo}
 * @param nextUndo  for an undo, what a further {@code --undo} after this restore would put back
 *                  (the state before the statement before this one), or null when this is the last step
 * @param point     for a point in time or a restore point (SPEC 11), the state made into the
 *                  temporary {@code backup}, else null; {@link #close} removes it
 */
public record RestorePlan(StoredBackup backup, DatabaseState current, RestoreDiff diff, boolean undo,
                          UndoStep nextUndo, MaterializedPoint point) implements AutoCloseable {

    public RestorePlan(StoredBackup backup, DatabaseState current, RestoreDiff diff) {
        this(backup, current, diff, false, null, null);
    }

    /** Removes the temporary backup of a point in time; nothing for a backup. */
    @Override
    public void close() {
        if (point != null) point.close();
    }
}
