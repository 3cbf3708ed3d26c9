package dev.safesqlite.internal.restore;

import dev.safesqlite.internal.backup.StoredBackup;

/**
 * A validated backup and what restoring it would change: everything an operator sees before
 * confirming, and all a dry run does.
 *
 * @param current the database as it is now
 */
public record RestorePlan(StoredBackup backup, DatabaseState current, RestoreDiff diff) {
}
