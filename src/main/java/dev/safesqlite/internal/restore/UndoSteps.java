package dev.safesqlite.internal.restore;

import dev.safesqlite.internal.backup.BackupName;
import dev.safesqlite.internal.backup.StoredBackup;
import dev.safesqlite.internal.continuous.ChangeLog;
import dev.safesqlite.internal.continuous.RestorePoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which state {@code restore --undo} puts back: the one just before the newest destructive
 * statement whose effect the database still holds.
 *
 * <p>The history is the backups and, with continuous protection (SPEC 11), the restore points,
 * newest first by the time each was taken. A {@code pre-ddl}, {@code pre-delete} or
 * {@code pre-update} backup, or a restore point, is that statement. A {@code pre-restore} backup
 * is not a step: its manifest names what its restore put back ({@code restores}: a backup's
 * file name, a restore point's file name, or {@code tx<N>@<time>} for a point in time), so from
 * there on the database held that state, and the walk goes on from the entries older than it. An
 * undo therefore undoes the statement before the previous undo, and a new destructive statement
 * after an undo is newer than every restore, so the next undo starts from it again. Other backups
 * (manual, daily, startup, shutdown, snapshots, and pre-restore backups written before
 * {@code restores} existed) are passed over.
 */
final class UndoSteps {

    private UndoSteps() {
    }

    /** Backups and restore points in one history, newest first (a point before a backup of the same millisecond). */
    static List<UndoStep> history(List<StoredBackup> backups, List<ChangeLog.StoredPoint> points) {
        List<UndoStep> all = new ArrayList<>(backups.size() + points.size());
        for (StoredBackup b : backups) all.add(UndoStep.of(b));
        for (ChangeLog.StoredPoint p : points) all.add(UndoStep.of(p));
        all.sort(Comparator.comparing(UndoStep::time).reversed()
                .thenComparing(s -> s.isPoint() ? 0 : 1));
        return all;
    }

    /** The backup to undo to, or null when no destructive statement is left to undo (backups alone). */
    static StoredBackup target(List<StoredBackup> newestFirst) {
        UndoStep s = target(history(newestFirst, List.of()), 0);
        return s == null ? null : s.backup();
    }

    /** The entry to undo to, or null when no destructive statement is left to undo. */
    static UndoStep target(List<UndoStep> history, int from) {
        int i = next(history, from);
        return i < 0 ? null : history.get(i);
    }

    /** What the undo after restoring {@code target} would choose, or null. */
    static UndoStep after(List<UndoStep> history, UndoStep target) {
        int at = history.indexOf(target);
        return at < 0 ? null : target(history, at + 1);
    }

    private static int next(List<UndoStep> history, int from) {
        int i = from;
        while (i < history.size()) {
            UndoStep s = history.get(i);
            if (s.isPoint() || BackupChoice.PRE_OPERATION.contains(s.reason())) return i;
            if ("pre-restore".equals(s.reason()) && s.backup().manifest().restores() != null) {
                i = Math.max(i, restored(history, i, s.backup().manifest().restores())) + 1;
            } else {
                i++;
            }
        }
        return -1;
    }

    /**
     * Where the state a restore put back stands in the history: the entry named, or for a point in
     * time the last entry not newer than it; if the named backup is gone (pruned, or a file outside
     * the backup directory), the last entry not older than it, judged by the time its name carries,
     * so that every statement newer than that state is passed over.
     */
    private static int restored(List<UndoStep> history, int preRestore, String restoredName) {
        for (int j = preRestore + 1; j < history.size(); j++) {
            if (history.get(j).name().equals(restoredName)) return j;
        }
        PointInTimeName at = PointInTimeName.parse(restoredName);
        if (at != null) {
            // The state of transaction N: a point at N or later, and anything taken after N committed, is newer.
            int last = preRestore;
            for (int j = preRestore + 1; j < history.size(); j++) {
                UndoStep s = history.get(j);
                boolean newer = s.isPoint() ? s.point().point().txid() >= at.txid() : s.time().isAfter(at.time());
                if (newer) last = j;
                else break;
            }
            return last;
        }
        BackupName name = BackupName.parse(restoredName, history.get(preRestore).backup().name().database());
        if (name == null) return preRestore;
        Instant restoredAt = name.created();
        int last = preRestore;
        for (int j = preRestore + 1; j < history.size(); j++) {
            if (!history.get(j).time().isBefore(restoredAt)) last = j;
        }
        return last;
    }

    /** What a pre-restore backup records for a restore to a point in time: {@code tx<N>@<time of N>}. */
    record PointInTimeName(long txid, Instant time) {
        String text() {
            return RestorePoint.position(txid) + "@" + time;
        }

        static PointInTimeName parse(String text) {
            int at = text.indexOf('@');
            if (at < 0 || !text.startsWith("tx")) return null;
            long txid = RestorePoint.parsePosition(text.substring(0, at));
            if (txid < 0) return null;
            try {
                return new PointInTimeName(txid, Instant.parse(text.substring(at + 1)));
            } catch (java.time.format.DateTimeParseException e) {
                return null;
            }
        }
    }
}
