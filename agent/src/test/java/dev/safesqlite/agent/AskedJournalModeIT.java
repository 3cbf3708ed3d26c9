package dev.safesqlite.agent;

import static dev.safesqlite.agent.TestClassPath.HIKARI;
import static dev.safesqlite.agent.TestClassPath.SAMPLES;
import static dev.safesqlite.agent.TestClassPath.SLF4J_API;
import static dev.safesqlite.agent.TestClassPath.SLF4J_SIMPLE;
import static dev.safesqlite.agent.TestClassPath.SQLITE_JDBC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC 3, {@code wal}, under the agent: an unmodified application that asks for
 * {@code journal_mode=TRUNCATE} gets WAL, one WARN naming {@code safesqlite.wal=false}, and the
 * asked mode in the {@code wal.enabled} event (issue 11, point 4).
 */
class AskedJournalModeIT {

    @TempDir
    Path tmp;

    @Test
    void anAskedJournalModeIsOverriddenAndSaidOnce() throws Exception {
        // not in WAL yet: the first connection switches it, and the event names the asked mode
        Path db = tmp.resolve("app.db");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
             java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE TABLE orders(id INTEGER PRIMARY KEY, item TEXT, qty INTEGER)");
        }

        ChildRun.Result run = ChildRun.on(Path.of(System.getProperty("java.home"))).agent("backup.on.startup=false")
                .classPath(SAMPLES, SQLITE_JDBC, HIKARI, SLF4J_API, SLF4J_SIMPLE)
                .legacyApp("hikari", "jdbc:sqlite:" + db + "?journal_mode=TRUNCATE", "query:PRAGMA journal_mode");

        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.printed("ROW wal"), run.output());
        long warnings = run.output().lines()
                .filter(l -> l.contains("WARN") && l.contains("journal_mode=truncate") && l.contains("safesqlite.wal=false"))
                .count();
        assertEquals(1, warnings, "once, however many connections the pool opened: " + run.output());
        String audit = Files.readString(tmp.resolve("backups/audit.log"));
        assertTrue(audit.contains("\"event\":\"wal.enabled\"") && audit.contains("journal_mode=truncate"), audit);
        // The pool's other connections open beside the first: the asked mode no longer reaches
        // sqlite-jdbc, whose switch away from WAL failed with SQLITE_BUSY while the first was open.
        assertEquals(1, audit.lines().filter(l -> l.contains("\"event\":\"wal.enabled\"")).count(), audit);
        assertTrue(!run.output().contains("SQLITE_BUSY"), run.output());
    }
}
