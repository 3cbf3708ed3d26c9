package dev.safesqlite.agent;

import static dev.safesqlite.agent.TestClassPath.AGENT_TESTS;
import static dev.safesqlite.agent.TestClassPath.CORE;
import static dev.safesqlite.agent.TestClassPath.CORE_TESTS;
import static dev.safesqlite.agent.TestClassPath.SQLITE_JDBC;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.testing.StatementCorpus;
import dev.safesqlite.testing.StatementCorpus.Case;
import dev.safesqlite.testing.SqliteFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared statement corpus under the agent: the same cases and the same verdicts as through
 * the jdbc:safesqlite: driver (StatementCorpusThroughTheDriverTest): a backup with the expected
 * reason for each destructive case, none for the harmless ones. One child JVM runs every case.
 */
class StatementCorpusIT {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "on {0}")
    @MethodSource("dev.safesqlite.agent.Jdks#all")
    void everyCaseOfTheCorpusIsProtectedAsThroughTheDriver(Path jdk) throws Exception {
        List<Case> cases = StatementCorpus.all();
        for (int i = 0; i < cases.size(); i++) {
            if (!cases.get(i).runnable()) continue;
            Path dir = Files.createDirectories(tmp.resolve(Integer.toString(i)));
            try (Connection plain = SqliteFiles.open(dir.resolve("case.db"))) {
                StatementCorpus.createDatabase(plain, cases.get(i)); // the fixture is DDL itself: made unprotected
            }
        }

        ChildRun.Result run = ChildRun.on(jdk).agent("backup.on.startup=false,bulk.rows=" + StatementCorpus.BULK_ROWS)
                .classPath(AGENT_TESTS, CORE_TESTS, CORE, SQLITE_JDBC)
                .run("dev.safesqlite.agent.apps.CorpusCases", tmp.toString());

        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.printed("DONE"), run.output());
        List<Executable> checks = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            if (!c.runnable()) continue;
            Path backups = tmp.resolve(i + "/backups");
            checks.add(() -> assertEquals(c.expected() == null ? List.of() : List.of(c.expected().reason()),
                    Backups.reasons(backups), c.name() + ": " + c.sql()));
        }
        assertTrue(checks.size() > 100, "the corpus ran: " + checks.size() + " cases");
        assertAll(checks);
    }
}
