package dev.safesqlite.internal.restore;

import dev.safesqlite.internal.backup.BackupName;
import dev.safesqlite.internal.backup.StoredBackup;
import java.time.Instant;
import java.util.List;

/**
 * Which backup {@code restore --undo} puts back: the one taken just before the newest destructive
 * statement whose effect the database still holds.
 *
 * <p>Walking the backups newest first, a {@code pre-ddl}, {@code pre-delete} or {@code pre-update}
 * backup is that statement. A {@code pre-restore} backup is not a step: its manifest names the
 * backup its restore put back ({@code restores}), so from there on the database held that
 * backup's state, and the walk goes on from the backups older than it. An undo therefore undoes
 * the statement before the previous undo, and a new destructive statement after an undo is
 * newer than every restore, so the next undo starts from it again. Other backups (manual,
 * daily, startup, shutdown, and pre-restore backups written before {@code restores} existed)
 * are passed over, as before.
 */
final class UndoSteps {

    private UndoSteps() {
    }

    /** The backup to undo to, or null when no destructive statement is left to undo. */
    static StoredBackup target(List<StoredBackup> newestFirst) {
        int i = next(newestFirst, 0);
        return i < 0 ? null : newestFirst.get(i);
    }

    /** What the undo after restoring {@code target} would choose, or null. */
    static StoredBackup after(List<StoredBackup> newestFirst, StoredBackup target) {
        int at = newestFirst.indexOf(target);
        if (at < 0) return null;
        int i = next(newestFirst, at + 1);
        return i < 0 ? null : newestFirst.get(i);
    }

    private static int next(List<StoredBackup> backups, int from) {
        int i = from;
        while (i < backups.size()) {
            StoredBackup s = backups.get(i);
            String reason = s.manifest().reason();
            if (BackupChoice.PRE_OPERATION.contains(reason)) return i;
            if ("pre-restore".equals(reason) && s.manifest().restores() != null) {
                i = Math.max(i, restored(backups, i, s.manifest().restores())) + 1;
            } else {
                i++;
            }
        }
        return -1;
    }

    /**
     * Where the backup a restore put back stands in the list; if it is gone (pruned, or it was a
     * file outside the backup directory), the last backup not older than it, judged by the time
     * its name carries, so that every statement newer than that state is passed over.
     */
    private static int restored(List<StoredBackup> backups, int preRestore, String restoredName) {
        for (int j = preRestore + 1; j < backups.size(); j++) {
            if (backups.get(j).file().getFileName().toString().equals(restoredName)) return j;
        }
        BackupName name = BackupName.parse(restoredName, backups.get(preRestore).name().database());
        if (name == null) return preRestore;
        Instant restoredAt = name.created();
        int last = preRestore;
        for (int j = preRestore + 1; j < backups.size(); j++) {
            if (!backups.get(j).name().created().isBefore(restoredAt)) last = j;
        }
        return last;
    }
}
