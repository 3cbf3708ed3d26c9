package dev.safesqlite.internal.restore;

import dev.safesqlite.internal.backup.StoredBackup;

/**
 * A validated backup and what restoring it would change: everything an operator sees before
 * confirming, and all a dry run does.
 *
 * @param current   the database as it is now
 * @param undo      whether the backup was chosen by {@code --undo}
 * @param nextUndo  for an undo, the backup a further {@code --undo} after this restore would put
 *                  back (the statement before this one), or null when this is the last step
 */
public record RestorePlan(StoredBackup backup, DatabaseState current, RestoreDiff diff, boolean undo,
                          StoredBackup nextUndo) {

    public RestorePlan(StoredBackup backup, DatabaseState current, RestoreDiff diff) {
        this(backup, current, diff, false, null);
    }
}
