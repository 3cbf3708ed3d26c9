package dev.safesqlite.agent;

import static dev.safesqlite.agent.TestClassPath.AGENT_TESTS;
import static dev.safesqlite.agent.TestClassPath.SLF4J_API;
import static dev.safesqlite.agent.TestClassPath.SLF4J_SIMPLE;
import static dev.safesqlite.agent.TestClassPath.SQLITE_JDBC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.testing.ShortLivedApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unmodified short-lived program (jdbc:sqlite:) under the agent: opens, writes, closes and
 * exits at once while the startup check and backup still run. Nothing is left beside the database
 * that the program's own use would not leave, and a database it deleted is not reported damaged.
 */
class ShortLivedProgramIT {

    @TempDir
    Path tmp;

    private ChildRun.Result run(Path db, String... more) throws Exception {
        String[] args = Stream.concat(Stream.of("jdbc:sqlite:", db.toString()), Stream.of(more)).toArray(String[]::new);
        ChildRun.Result r = ChildRun.on(Path.of(System.getProperty("java.home"))).agent("").classPath(AGENT_TESTS, SQLITE_JDBC, SLF4J_API, SLF4J_SIMPLE)
                .workDir(tmp).run(dev.safesqlite.agent.apps.ShortLivedJob.class.getName(), args);
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.printed("done"), r.output());
        return r;
    }

    @Test
    void noWalNorShmIsLeftBesideTheClosedDatabase() throws Exception {
        Path db = ShortLivedApp.existingDatabase(tmp.resolve("job/app.db"));
        ChildRun.Result r = run(db);
        assertEquals(List.of("app.db", "backups"), names(db.getParent()), r.output());
        assertTrue(names(db.resolveSibling("backups")).stream().noneMatch(n -> n.startsWith(".tmp-")), r.output());
        assertFalse(r.printed("ERROR"), r.output());
    }

    @Test
    void aDatabaseDeletedRightAfterUseIsNotReportedDamagedAndLeavesNothing() throws Exception {
        Path db = ShortLivedApp.existingDatabase(tmp.resolve("job/app.db"));
        ChildRun.Result r = run(db, "delete");
        assertEquals(List.of("backups"), names(db.getParent()), r.output());
        assertFalse(r.printed("verify.failed"), r.output());
        assertFalse(r.printed("ERROR"), r.output());
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
