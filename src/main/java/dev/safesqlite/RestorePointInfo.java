package dev.safesqlite;

import dev.safesqlite.internal.continuous.ChangeLog;
import dev.safesqlite.internal.continuous.RestorePoint;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A restore point of continuous protection (SPEC 11), recorded instead of a full backup before a
 * destructive statement: restoring it ({@code SafeSqlite.restoreAt(position)}, or an undo) gives
 * the state right before the statement.
 *
 * @param position   the last transaction committed before the statement, {@code tx42}
 * @param created    when the point was recorded
 * @param reason     {@code pre-ddl}, {@code pre-delete} or {@code pre-update}
 * @param sql        the statement
 * @param connection the connection that ran it
 * @param thread     the thread that ran it
 * @param file       the point's file under {@code <backup.dir>/continuous/}
 */
public record RestorePointInfo(String position, Instant created, String reason, String sql, String connection,
                               String thread, Path file) {

    static RestorePointInfo of(ChangeLog.StoredPoint s) {
        RestorePoint p = s.point();
        return new RestorePointInfo(RestorePoint.position(p.txid()), Instant.parse(p.created()), p.reason(), p.sql(),
                p.connection(), p.thread(), s.file());
    }
}
