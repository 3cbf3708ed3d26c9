package dev.safesqlite.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.testing.TestDatabases;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The meters of SPEC section 13 from real backups and a real blocked statement, without Spring. */
class SafeSqliteMetricsTest {

    @TempDir
    Path tmp;

    @AfterEach
    void finishBackgroundWork() throws InterruptedException {
        TestDatabases.drainBackgroundWork();
    }

    @Test
    void backupsTheirDurationBytesAndAgeByDatabaseAndReason() throws Exception {
        Path db = tmp.resolve("shop.db");
        String url = "jdbc:safesqlite:" + db + "?safesqlite.backup.on.startup=false";
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            // Before any registry exists, as a migration at application start would be.
            st.execute("CREATE TABLE orders(id INTEGER PRIMARY KEY, total INTEGER)");
            st.execute("INSERT INTO orders(total) VALUES (1), (2), (3)");
            st.execute("DROP TABLE orders");
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (SafeSqliteMetrics metrics = new SafeSqliteMetrics()) {
            metrics.bindTo(registry);
            String name = db.toAbsolutePath().normalize().toString();
            FunctionCounter preDdl = registry.find("safesqlite.backups").tags("database", name, "reason", "pre-ddl")
                    .functionCounter();
            assertNotNull(preDdl, "safesqlite.backups{reason=pre-ddl}: " + registry.getMetersAsString());
            long taken;
            try (var files = Files.list(db.resolveSibling("backups"))) {
                taken = files.filter(p -> p.getFileName().toString().endsWith(".db")).count();
            }
            assertEquals((double) taken, preDdl.count(), "one count per backup file the DROP left");
            FunctionTimer duration = registry.find("safesqlite.backup.duration").tags("database", name, "reason", "pre-ddl")
                    .functionTimer();
            assertEquals((double) taken, duration.count());
            FunctionCounter bytes = registry.find("safesqlite.backup.bytes").tags("database", name, "reason", "pre-ddl")
                    .functionCounter();
            assertTrue(bytes.count() >= 4096 * taken, "at least a page per backup: " + bytes.count());
            TimeGauge age = registry.find("safesqlite.backup.age").tag("database", name).timeGauge();
            double seconds = age.value(TimeUnit.SECONDS);
            assertTrue(seconds >= 0 && !Double.isNaN(seconds), "age of the newest backup: " + seconds);

            // A reason first seen after binding gets its meters then.
            try (Connection c = DriverManager.getConnection(url)) {
                dev.safesqlite.SafeSqlite.protectedInThisJvm().stream()
                        .filter(s -> s.database().toString().equals(name)).findFirst().orElseThrow().backup();
            }
            assertEquals(1.0, registry.find("safesqlite.backups").tags("database", name, "reason", "manual")
                    .functionCounter().count());
        }
    }

    @Test
    void replicaLagAndPendingFollowAReplicaThatIsDownAndBack() throws Exception {
        Path db = tmp.resolve("replicated.db");
        Path offline = Files.writeString(tmp.resolve("offline"), "a file where the replica's directory should be");
        String url = "jdbc:safesqlite:" + db + "?safesqlite.backup.on.startup=false&safesqlite.replica.url="
                + offline.resolve("r").toUri();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (SafeSqliteMetrics metrics = new SafeSqliteMetrics();
             Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            metrics.bindTo(registry);
            st.execute("CREATE TABLE orders(id INTEGER PRIMARY KEY)");
            st.execute("INSERT INTO orders VALUES (1)");
            st.execute("DROP TABLE orders"); // a pre-ddl backup the replica cannot take yet
            String name = db.toAbsolutePath().normalize().toString();
            var pending = registry.find("safesqlite.replica.pending").tag("database", name).gauge();
            assertNotNull(pending, registry.getMetersAsString());
            assertEquals(1.0, pending.value());
            TimeGauge lag = registry.find("safesqlite.replica.lag").tag("database", name).timeGauge();
            assertTrue(lag.value(TimeUnit.MILLISECONDS) >= 0, "lag while the replica is down: " + lag.value(TimeUnit.MILLISECONDS));

            Files.delete(offline);
            Files.createDirectories(offline.resolve("r"));
            dev.safesqlite.SafeSqlite.protectedInThisJvm().stream()
                    .filter(s -> s.database().toString().equals(name)).findFirst().orElseThrow().replicate();
            assertEquals(0.0, pending.value());
            assertEquals(0.0, lag.value(TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void aBlockedStatementIsCounted() throws Exception {
        Path db = tmp.resolve("blocked.db");
        Path notADirectory = Files.writeString(tmp.resolve("not-a-directory"), "x");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (SafeSqliteMetrics metrics = new SafeSqliteMetrics()) {
            metrics.bindTo(registry);
            String url = "jdbc:safesqlite:" + db + "?safesqlite.backup.on.startup=false&safesqlite.backup.dir="
                    + notADirectory.resolve("backups");
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t(x)");
                st.execute("INSERT INTO t VALUES (1)");
                SQLException e = assertThrows(SQLException.class, () -> st.execute("DROP TABLE t"));
                assertEquals("SS001", e.getSQLState());
            }
            String name = db.toAbsolutePath().normalize().toString();
            assertEquals(1.0, registry.find("safesqlite.statements.blocked").tag("database", name)
                    .functionCounter().count());
        }
    }
}
