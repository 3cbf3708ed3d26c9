package dev.safesqlite.agent;

import static dev.safesqlite.agent.TestClassPath.HIKARI;
import static dev.safesqlite.agent.TestClassPath.SAMPLES;
import static dev.safesqlite.agent.TestClassPath.SLF4J_API;
import static dev.safesqlite.agent.TestClassPath.SQLITE_JDBC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.testing.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way sqlite-jdbc opens a connection, under the agent, in an application that knows nothing
 * of SafeSQLite: the connection is switched to WAL and a DROP TABLE is preceded by a backup that
 * still holds the table.
 */
class ConnectionPathsIT {

    @TempDir
    Path tmp;

    static Stream<Arguments> paths() {
        return Jdks.all().stream().flatMap(jdk -> Stream.of("drivermanager", "datasource", "config", "jdbc", "hikari")
                .map(how -> Arguments.of(jdk, how)));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("paths")
    void aDropThroughEveryConnectionPathIsPrecededByABackup(Path jdk, String how) throws Exception {
        Path db = TestDatabases.ordersDatabase(tmp.resolve("app.db"), 25);
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=DELETE"); // so that WAL afterwards is the agent's doing
        }

        ChildRun.Result run = ChildRun.on(jdk).agent("backup.on.startup=false").classPath(SAMPLES, SQLITE_JDBC, HIKARI, SLF4J_API)
                .legacyApp(how, "jdbc:sqlite:" + db, "execute:DROP TABLE orders");

        assertEquals(0, run.exitCode(), run.output());
        assertEquals(-1, Backups.rows(db, "orders"), "the DROP ran");
        Path backups = tmp.resolve("backups");
        assertEquals(List.of("pre-ddl"), Backups.reasons(backups), run.output());
        assertEquals(25, Backups.rows(Backups.files(backups).get(0), "orders"), "the backup holds what was dropped");
        assertEquals("wal", Backups.journalMode(db));
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("dev.safesqlite.agent.Jdks#all")
    void withoutTheAgentTheSameApplicationTakesNoBackup(Path jdk) throws Exception {
        Path db = TestDatabases.ordersDatabase(tmp.resolve("app.db"), 5);

        ChildRun.Result run = ChildRun.on(jdk).classPath(SAMPLES, SQLITE_JDBC, HIKARI, SLF4J_API)
                .legacyApp("drivermanager", "jdbc:sqlite:" + db, "execute:DROP TABLE orders");

        assertEquals(0, run.exitCode(), run.output());
        assertTrue(Backups.reasons(tmp.resolve("backups")).isEmpty(), "the application itself is not SafeSQLite");
    }
}
