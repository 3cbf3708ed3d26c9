package dev.safesqlite.agent;

import static dev.safesqlite.agent.TestClassPath.HIKARI;
import static dev.safesqlite.agent.TestClassPath.SAMPLES;
import static dev.safesqlite.agent.TestClassPath.SLF4J_API;
import static dev.safesqlite.agent.TestClassPath.SLF4J_SIMPLE;
import static dev.safesqlite.agent.TestClassPath.SQLITE_JDBC;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.safesqlite.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC 4, coalescing, under the agent (issue 11, point 1): an unmodified application's own writes
 * between two destructive statements are in the backup taken before the second, while a burst
 * of destructive statements with nothing in between still costs one backup.
 */
class CoalescingIT {

    private static final Path JDK = Path.of(System.getProperty("java.home"));

    @TempDir
    Path tmp;

    private ChildRun.Result run(Path db, String... steps) throws Exception {
        ChildRun.Result run = ChildRun.on(JDK).agent("backup.on.startup=false")
                .classPath(SAMPLES, SQLITE_JDBC, HIKARI, SLF4J_API, SLF4J_SIMPLE)
                .legacyApp("drivermanager", "jdbc:sqlite:" + db, steps);
        assertEquals(0, run.exitCode(), run.output());
        return run;
    }

    @Test
    void insertsInAutocommitBetweenSchemaChangesAreInTheBackupBeforeTheDelete() throws Exception {
        Path db = TestDatabases.ordersDatabase(tmp.resolve("app.db"), 20);
        List<String> steps = new ArrayList<>(List.of("execute:CREATE TABLE t(x)", "execute:CREATE TABLE gone(x)"));
        for (int i = 0; i < 50; i++) steps.add("update:INSERT INTO t VALUES (" + i + ")");
        steps.add("execute:DROP TABLE gone");
        steps.add("execute:DELETE FROM t");

        ChildRun.Result run = run(db, steps.toArray(String[]::new));

        assertEquals(2, run.events("backup.created"), run.output());
        assertEquals(50, count(newestBackup(), "SELECT count(*) FROM t"), "the backup before the DELETE holds the rows");
    }

    @Test
    void aChangeByKeyBeforeABulkUpdateIsInTheBackupBeforeIt() throws Exception {
        Path db = TestDatabases.ordersDatabase(tmp.resolve("app.db"), 20);

        ChildRun.Result run = run(db, "execute:CREATE TABLE audit_trail(x)",
                "prepared-update:UPDATE orders SET item = ? WHERE id = 3;;changed by key",
                "update:UPDATE orders SET item = 'bulk'");

        assertEquals(List.of("pre-ddl", "pre-update"), Backups.reasons(tmp.resolve("backups")), run.output());
        assertEquals(1, count(newestBackup(), "SELECT count(*) FROM orders WHERE item = 'changed by key'"));
    }

    @Test
    void rowsCommittedInATransactionAreInTheBackupBeforeABulkDeleteInTheNext() throws Exception {
        Path db = TestDatabases.ordersDatabase(tmp.resolve("app.db"), 20);
        List<String> steps = new ArrayList<>(List.of("autocommit:off", "execute:CREATE TABLE t(x)"));
        for (int i = 0; i < 50; i++) steps.add("update:INSERT INTO t VALUES (" + i + ")");
        steps.add("commit:");
        steps.add("update:DELETE FROM t");
        steps.add("commit:");

        ChildRun.Result run = run(db, steps.toArray(String[]::new));

        assertEquals(List.of("pre-ddl", "pre-delete"), Backups.reasons(tmp.resolve("backups")), run.output());
        assertEquals(50, count(newestBackup(), "SELECT count(*) FROM t"));
    }

    @Test
    void aBurstOfSchemaChangesAndBulkStatementsCostsOneBackup() throws Exception {
        Path db = TestDatabases.ordersDatabase(tmp.resolve("app.db"), 20);

        ChildRun.Result run = run(db, "execute:CREATE TABLE a(x)", "update:ALTER TABLE a ADD COLUMN y",
                "query:SELECT count(*) FROM orders", "batch:CREATE INDEX a_x ON a(x);;DROP INDEX a_x",
                "prepared-update:UPDATE orders SET item = ?;;bulk", "large:DELETE FROM orders", "execute:DROP TABLE a");

        assertEquals(1, run.events("backup.created"), run.output());
        assertEquals(5, run.events("backup.reused"), run.output()); // ALTER, the batch, the UPDATE, the DELETE, the DROP
        assertEquals(20, count(newestBackup(), "SELECT count(*) FROM orders"));
    }

    /** The newest backup file: names sort by the time they were taken. */
    private Path newestBackup() throws Exception {
        List<Path> files = Backups.files(tmp.resolve("backups"));
        return files.get(files.size() - 1);
    }

    private static long count(Path file, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
