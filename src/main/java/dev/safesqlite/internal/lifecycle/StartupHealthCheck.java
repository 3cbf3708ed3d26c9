package dev.safesqlite.internal.lifecycle;

import dev.safesqlite.internal.audit.Audit;
import dev.safesqlite.internal.audit.AuditEvent;
import dev.safesqlite.internal.backup.InternalConnection;
import dev.safesqlite.internal.backup.StoredBackup;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At the first connection of a JVM to a database, in the background: {@code PRAGMA
 * quick_check} of the live file. Damage does not stop the application (the connection is
 * already open and may still serve most data) but is reported loudly, with the newest
 * verified backup to restore from.
 */
public final class StartupHealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger("safesqlite.health");

    private StartupHealthCheck() {
    }

    /** @return true when SQLite found the database sound */
    public static boolean run(Path file, List<StoredBackup> backupsNewestFirst, Audit audit) {
        long start = System.nanoTime();
        String result;
        try (Connection c = InternalConnection.openReadOnly(file); Statement st = c.createStatement()) {
            List<String> problems = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("PRAGMA quick_check(10)")) {
                while (rs.next()) problems.add(rs.getString(1));
            }
            result = problems.equals(List.of("ok")) ? "ok" : String.join("; ", problems);
        } catch (SQLException e) {
            result = e.getMessage();
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (result.equals("ok")) {
            audit.record(AuditEvent.of("verify.ok", file.toString()).with("target", "database").with("ms", ms).build());
            return true;
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
        return false;
    }
}
