package dev.safesqlite.internal.lifecycle;

import dev.safesqlite.internal.audit.Audit;
import dev.safesqlite.internal.audit.AuditEvent;
import dev.safesqlite.internal.backup.LiveConnection;
import dev.safesqlite.internal.backup.StoredBackup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * At the first connection of a JVM to a database, in the background: {@code PRAGMA
 * quick_check} of the live file. Damage does not stop the application (the connection is
 * already open and may still serve most data) but is reported loudly, with the newest
 * verified backup to restore from.
 *
 * <p>By the time the check runs the application may have closed the database, deleted it, or
 * be exiting. The check opens the file as the application does ({@link
 * LiveConnection}: never creating it, and leaving no {@code -wal}/{@code -shm}
 * when it closes last), the JVM's exit interrupts it, and only what SQLite says about the file's
 * content is damage: a file gone meanwhile, or a check cut short by the exit, is no finding.
 */
public final class StartupHealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger("safesqlite.health");

    /** What the check found. */
    public enum Outcome {
        /** SQLite found the database sound. */
        SOUND,
        /** SQLite found damage; reported as {@code verify.failed} and at ERROR. */
        DAMAGED,
        /** Nothing to say: the file was gone, or the JVM exited, before the check could finish. */
        NOT_CHECKED
    }

    private StartupHealthCheck() {
    }

    public static Outcome run(Path file, List<StoredBackup> backupsNewestFirst, Audit audit) {
        if (!Files.exists(file)) {
            LOG.debug("SafeSQLite: startup check of {} skipped: the file no longer exists", file);
            return Outcome.NOT_CHECKED;
        }
        long start = System.nanoTime();
        String result;
        try (LiveConnection c = LiveConnection.open(file, 0);
             BackgroundWork.Registration ignored = BackgroundWork.interruptOnExit(c.connection());
             Statement st = c.connection().createStatement()) {
            List<String> problems = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("PRAGMA quick_check(10)")) {
                while (rs.next()) problems.add(rs.getString(1));
            }
            result = problems.equals(List.of("ok")) ? "ok" : String.join("; ", problems);
        } catch (SQLException e) {
            if (!Files.exists(file)) {
                LOG.debug("SafeSQLite: startup check of {} not done: the file was deleted meanwhile ({})", file,
                        e.getMessage());
                return Outcome.NOT_CHECKED;
            }
            if (BackgroundWork.exiting() || isCode(e, SQLiteErrorCode.SQLITE_INTERRUPT)) {
                LOG.debug("SafeSQLite: startup check of {} cut short: the JVM is exiting", file);
                return Outcome.NOT_CHECKED;
            }
            if (isCode(e, SQLiteErrorCode.SQLITE_BUSY) || isCode(e, SQLiteErrorCode.SQLITE_LOCKED)) {
                LOG.info("SafeSQLite: startup check of {} not done: the database is locked ({})", file, e.getMessage());
                return Outcome.NOT_CHECKED;
            }
            result = e.getMessage();
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (result.equals("ok")) {
            audit.record(AuditEvent.of("verify.ok", file.toString()).with("target", "database").with("ms", ms).build());
            return Outcome.SOUND;
        }
        String restoreFrom = backupsNewestFirst.stream()
                .filter(b -> "ok".equals(b.manifest().verify()))
                .findFirst().map(b -> b.file().toString()).orElse(null);
        String advice = restoreFrom != null
                ? "restore from the newest verified backup " + restoreFrom
                : "no verified backup exists; copy the file aside before anything else";
        audit.record(AuditEvent.of("verify.failed", file.toString())
                .with("target", "database")
                .with("error", result)
                .with("backup", restoreFrom)
                .with("ms", ms)
                .build());
        LOG.error("SafeSQLite: the database {} is damaged ({}); {}", file, result, advice);
        return Outcome.DAMAGED;
    }

    /** SQLite's primary result code: extended codes such as SQLITE_BUSY_RECOVERY count as their primary one. */
    private static boolean isCode(SQLException e, SQLiteErrorCode code) {
        if (e instanceof SQLiteException s) return (s.getResultCode().code & 0xff) == code.code;
        return (e.getErrorCode() & 0xff) == code.code;
    }
}
