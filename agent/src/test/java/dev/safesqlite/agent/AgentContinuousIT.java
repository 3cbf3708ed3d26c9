package dev.safesqlite.agent;

import static dev.safesqlite.agent.TestClassPath.HIKARI;
import static dev.safesqlite.agent.TestClassPath.SAMPLES;
import static dev.safesqlite.agent.TestClassPath.SLF4J_API;
import static dev.safesqlite.agent.TestClassPath.SQLITE_JDBC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.internal.continuous.ChangeLog;
import dev.safesqlite.internal.continuous.PointInTime;
import dev.safesqlite.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code continuous=on} under the agent: an unmodified application's DROP TABLE is protected by a
 * restore point (the agent goes through the same ProtectedConnection as the driver), the point
 * restores the table, and the exit leaves no -wal/-shm beside the database.
 */
class AgentContinuousIT {

    @TempDir
    Path tmp;

    @Test
    void anUnmodifiedApplicationsDropTableIsProtectedByARestorePoint() throws Exception {
        Path db = TestDatabases.ordersDatabase(tmp.resolve("app.db"), 10);
        ChildRun.Result run = ChildRun.on(Path.of(System.getProperty("java.home")))
                .agent("backup.on.startup=false,continuous=on,continuous.lag=50ms")
                .classPath(SAMPLES, SQLITE_JDBC, HIKARI, SLF4J_API)
                // the first connection starts continuous protection; the DROP comes once it keeps the log
                .legacyApp("drivermanager", "jdbc:sqlite:" + db, "update:INSERT INTO orders(id) VALUES (1000)",
                        "sleep:3000", "execute:DROP TABLE orders", "sleep:200");
        assertEquals(0, run.exitCode(), run.output());
        assertFalse(run.output().contains("Exception"), run.output());
        Path backups = tmp.resolve("backups");
        try (Stream<Path> s = Files.list(backups)) {
            List<String> names = s.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().noneMatch(n -> n.contains("pre-ddl")), "no full pre-operation backup: " + names);
        }
        List<ChangeLog.StoredPoint> points = ChangeLog.of(backups, db).points();
        assertEquals(1, points.size(), run.output());
        assertEquals("DROP TABLE orders", points.get(0).point().sql());
        Path restored = tmp.resolve("restored.db");
        Files.createFile(restored);
        new PointInTime(backups, db).materialize(points.get(0).point().txid(), restored);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + restored); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM orders")) {
            rs.next();
            assertEquals(11, rs.getLong(1), "the table as it was right before the DROP");
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("app.db-")), "no -wal/-shm left at exit");
        }
    }
}
