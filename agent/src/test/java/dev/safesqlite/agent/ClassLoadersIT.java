package dev.safesqlite.agent;

import static dev.safesqlite.agent.TestClassPath.AGENT_TESTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * sqlite-jdbc in two child-first web-application loaders of one JVM, none on the system class
 * path: each is protected, by its own engine copy, with its own settings file, and neither's
 * backups land where the other's settings say.
 */
class ClassLoadersIT {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "on {0}")
    @MethodSource("dev.safesqlite.agent.Jdks#all")
    void twoWebApplicationsWithTheirOwnSqliteJdbcAreEachProtectedByTheirOwnSettings(Path jdk) throws Exception {
        Path dbA = TestDatabases.ordersDatabase(Files.createDirectories(tmp.resolve("a")).resolve("shop.db"), 7);
        Path dbB = TestDatabases.ordersDatabase(Files.createDirectories(tmp.resolve("b")).resolve("shop.db"), 9);
        Path confA = settingsFile("confA", tmp.resolve("backups-a"));
        Path confB = settingsFile("confB", tmp.resolve("backups-b"));

        ChildRun.Result run = ChildRun.on(jdk).agent("backup.on.startup=false").classPath(AGENT_TESTS).workDir(tmp)
                .run("dev.safesqlite.agent.apps.TwoWebApplications", TestClassPath.SQLITE_JDBC.path(),
                        TestClassPath.SAMPLES.path(), confA.toString(), dbA.toString(), confB.toString(), dbB.toString());

        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.printed("SEPARATE SQLITE-JDBC true"), run.output());
        assertEquals(List.of("pre-ddl"), Backups.reasons(tmp.resolve("backups-a")), run.output());
        assertEquals(List.of("pre-ddl"), Backups.reasons(tmp.resolve("backups-b")), run.output());
        assertEquals(7, Backups.rows(Backups.files(tmp.resolve("backups-a")).get(0), "orders"));
        assertEquals(9, Backups.rows(Backups.files(tmp.resolve("backups-b")).get(0), "orders"));
        assertEquals(List.of(), Backups.reasons(tmp.resolve("a/backups")), "A's settings, not the default");
    }

    private Path settingsFile(String dir, Path backupDir) throws Exception {
        Path conf = Files.createDirectories(tmp.resolve(dir));
        Files.writeString(conf.resolve("safesqlite.properties"), "backup.dir=" + backupDir + "\n");
        return conf;
    }
}
