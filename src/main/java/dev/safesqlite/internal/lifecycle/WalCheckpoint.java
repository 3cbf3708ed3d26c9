package dev.safesqlite.internal.lifecycle;

import dev.safesqlite.internal.audit.AuditEvent;
import dev.safesqlite.internal.backup.LiveConnection;
import dev.safesqlite.internal.audit.Audit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@code checkpoint.interval}: folds the WAL back into the database and truncates it, so the
 * -wal file does not grow without bound. A TRUNCATE checkpoint waits for readers; on a busy
 * database it does not wait at all (busy timeout 0) but falls back to a PASSIVE checkpoint,
 * which never blocks anyone, and the next interval tries TRUNCATE again.
 */
public final class WalCheckpoint {

    private WalCheckpoint() {
    }

    /** Runs one checkpoint and audits it; returns the mode that ran. */
    public static String run(Path file, Audit audit) throws SQLException {
        if (!Files.exists(file)) return "none";
        long start = System.nanoTime();
        try (LiveConnection c = LiveConnection.open(file, 0); Statement st = c.connection().createStatement()) {
            long[] r = checkpoint(st, "TRUNCATE");
            String mode = "truncate";
            if (r == null || r[0] != 0) {
                r = checkpoint(st, "PASSIVE");
                mode = "passive";
            }
            audit.record(AuditEvent.of("checkpoint", file.toString())
                    .with("mode", mode)
                    .with("walFrames", r == null ? null : r[1])
                    .with("checkpointed", r == null ? null : r[2])
                    .with("ms", (System.nanoTime() - start) / 1_000_000)
                    .build());
            return mode;
        }
    }

    /** {busy, log frames, checkpointed frames}, or null when SQLite answered busy with an error. */
    private static long[] checkpoint(Statement st, String mode) throws SQLException {
        try (ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("SQLITE_BUSY")) return null;
            throw e;
        }
    }
}
