package dev.safesqlite.internal.restore;

import dev.safesqlite.internal.backup.Manifest;
import dev.safesqlite.internal.backup.StoredBackup;
import dev.safesqlite.internal.continuous.ChangeLog;
import java.time.Instant;

/**
 * One entry of the history {@code restore --undo} walks: a backup, or a restore point of
 * continuous protection (SPEC 11), each with the time it was taken (the state it stands for).
 * Exactly one of {@code backup} and {@code point} is set.
 */
public record UndoStep(StoredBackup backup, ChangeLog.StoredPoint point, Instant time) {

    static UndoStep of(StoredBackup backup) {
        return new UndoStep(backup, null, backup.name().created());
    }

    static UndoStep of(ChangeLog.StoredPoint point) {
        return new UndoStep(null, point, Instant.parse(point.point().created()));
    }

    public boolean isPoint() {
        return point != null;
    }

    public String reason() {
        return point != null ? point.point().reason() : backup.manifest().reason();
    }

    /** The destructive statement it was taken before, or null. */
    public String sql() {
        if (point != null) return point.point().sql();
        Manifest.Trigger t = backup.manifest().trigger();
        return t == null ? null : t.sql();
    }

    /** How an operator recognises it when it has no SQL: the backup's or the point's file name. */
    public String name() {
        return point != null ? point.file().getFileName().toString() : backup.file().getFileName().toString();
    }
}
