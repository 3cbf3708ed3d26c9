package dev.safesqlite.agent;

import static dev.safesqlite.agent.TestClassPath.HIKARI;
import static dev.safesqlite.agent.TestClassPath.SAMPLES;
import static dev.safesqlite.agent.TestClassPath.SLF4J_API;
import static dev.safesqlite.agent.TestClassPath.SLF4J_SIMPLE;
import static dev.safesqlite.agent.TestClassPath.SQLITE_JDBC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.testing.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Agent arguments: applied, and a bad one stops the JVM with one line naming it, unless on.error=warn. */
class AgentSettingsIT {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "on {0}")
    @MethodSource("dev.safesqlite.agent.Jdks#all")
    void argumentsApply(Path jdk) throws Exception {
        Path db = TestDatabases.ordersDatabase(tmp.resolve("app.db"), 10);
        Path backups = tmp.resolve("elsewhere, with a comma");

        ChildRun.Result run = ChildRun.on(jdk)
                .agent("backup.on.startup=false,protect=bulk-delete,bulk-update,backup.dir=" + backups)
                .classPath(SAMPLES, SQLITE_JDBC, HIKARI, SLF4J_API)
                .legacyApp("drivermanager", "jdbc:sqlite:" + db, "execute:DROP TABLE orders");

        assertEquals(0, run.exitCode(), run.output());
        assertEquals(List.of(), Backups.reasons(backups), "protect without ddl: no backup before a DROP");
        assertEquals(-1, Backups.rows(db, "orders"));
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("dev.safesqlite.agent.Jdks#all")
    void urlParametersAndSystemPropertiesApply(Path jdk) throws Exception {
        Path db = TestDatabases.ordersDatabase(tmp.resolve("app.db"), 10);
        Path backups = tmp.resolve("from-url");

        ChildRun.Result run = ChildRun.on(jdk).agent("").option("-Dsafesqlite.backup.on.startup=false")
                .classPath(SAMPLES, SQLITE_JDBC, HIKARI, SLF4J_API)
                .legacyApp("drivermanager", "jdbc:sqlite:" + db + "?safesqlite.backup.dir=" + backups,
                        "execute:DROP TABLE orders");

        assertEquals(0, run.exitCode(), run.output());
        assertEquals(List.of("pre-ddl"), Backups.reasons(backups), "the URL's backup.dir, stripped before sqlite-jdbc");
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("dev.safesqlite.agent.Jdks#all")
    void aMisspeltArgumentStopsTheJvmBeforeTheApplicationRuns(Path jdk) throws Exception {
        ChildRun.Result run = ChildRun.on(jdk).agent("backup.dirr=/tmp/x")
                .classPath(SAMPLES, SQLITE_JDBC, HIKARI, SLF4J_API)
                .legacyApp("drivermanager", "jdbc:sqlite::memory:", "query:SELECT 1");

        assertEquals(1, run.exitCode(), run.output());
        assertFalse(run.printed("DONE"), "the application did not run: " + run.output());
        String first = run.output().lines().findFirst().orElse("");
        assertTrue(first.startsWith("SafeSQLite agent: ") && first.contains("backup.dirr"), run.output());
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("dev.safesqlite.agent.Jdks#all")
    void aValueThatDoesNotParseIsNamedWithTheSetting(Path jdk) throws Exception {
        ChildRun.Result run = ChildRun.on(jdk).agent("retain.last=many")
                .classPath(SAMPLES, SQLITE_JDBC, HIKARI, SLF4J_API)
                .legacyApp("drivermanager", "jdbc:sqlite::memory:", "query:SELECT 1");

        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.printed("retain.last") && run.printed("many"), run.output());
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("dev.safesqlite.agent.Jdks#all")
    void warnModeRunsTheApplicationUnprotected(Path jdk) throws Exception {
        Path db = TestDatabases.ordersDatabase(tmp.resolve("app.db"), 10);

        ChildRun.Result run = ChildRun.on(jdk).agent("backup.dirr=/tmp/x,agent.on.error=warn")
                .classPath(SAMPLES, SQLITE_JDBC, HIKARI, SLF4J_API)
                .legacyApp("drivermanager", "jdbc:sqlite:" + db, "execute:DROP TABLE orders");

        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.printed("backup.dirr") && run.printed("WITHOUT SafeSQLite protection"), run.output());
        assertEquals(List.of(), Backups.reasons(tmp.resolve("backups")));
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("dev.safesqlite.agent.Jdks#all")
    void auditEventsReachTheApplicationsOwnSlf4jAndNoSlf4jMeansNoNoise(Path jdk) throws Exception {
        Path db = TestDatabases.ordersDatabase(tmp.resolve("app.db"), 10);
        ChildRun.Result withLogging = ChildRun.on(jdk).agent("backup.on.startup=false")
                .classPath(SAMPLES, SQLITE_JDBC, SLF4J_API, SLF4J_SIMPLE)
                .legacyApp("drivermanager", "jdbc:sqlite:" + db, "execute:DROP TABLE orders");
        assertEquals(1, withLogging.events("backup.created"), withLogging.output());

        Path other = TestDatabases.ordersDatabase(tmp.resolve("other.db"), 10);
        ChildRun.Result withoutLogging = ChildRun.on(jdk).agent("backup.on.startup=false")
                .classPath(SAMPLES, SQLITE_JDBC)
                .legacyApp("drivermanager", "jdbc:sqlite:" + other, "execute:DROP TABLE orders");
        assertEquals(0, withoutLogging.exitCode(), withoutLogging.output());
        assertFalse(withoutLogging.printed("SLF4J"), withoutLogging.output());
        assertEquals(List.of("pre-ddl", "pre-ddl"), Backups.reasons(tmp.resolve("backups")));
    }
}
