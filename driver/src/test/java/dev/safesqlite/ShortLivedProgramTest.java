package dev.safesqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.testing.ChildJvm;
import dev.safesqlite.testing.ShortLivedApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A program that opens a database through jdbc:safesqlite:, writes, closes and exits at once (a
 * test, a batch job), in a JVM of its own: SafeSQLite's startup check and startup backup, which
 * are still running when the program is done, must leave nothing beside the database that the
 * program's own use would not leave, and must not report a database the program deleted as damaged.
 * The database is large enough that the startup backup outlasts the program.
 */
class ShortLivedProgramTest {

    @TempDir
    Path tmp;

    @Test
    void noWalNorShmIsLeftBesideTheClosedDatabase() throws Exception {
        Path db = ShortLivedApp.existingDatabase(tmp.resolve("job/app.db"));
        ChildJvm child = run(db);
        assertEquals(List.of("app.db", "backups"), names(db.getParent()), child.stderr());
        assertTrue(names(db.resolveSibling("backups")).stream().noneMatch(n -> n.startsWith(".tmp-")),
                "no half-written backup either: " + names(db.resolveSibling("backups")));
        assertFalse(child.stderr().contains("ERROR"), child.stderr());
    }

    @Test
    void aDatabaseDeletedRightAfterUseIsNotReportedDamagedAndLeavesNothing() throws Exception {
        Path db = ShortLivedApp.existingDatabase(tmp.resolve("job/app.db"));
        ChildJvm child = run(db, "delete");
        assertEquals(List.of("backups"), names(db.getParent()), child.stderr());
        assertFalse(child.stderr().contains("verify.failed"), child.stderr());
        assertFalse(child.stderr().contains("ERROR"), child.stderr());
    }

    private ChildJvm run(Path db, String... more) throws Exception {
        String[] args = Stream.concat(Stream.of("jdbc:safesqlite:", db.toString()), Stream.of(more)).toArray(String[]::new);
        ChildJvm child = ChildJvm.start(tmp, "app", ChildJvm.testClassPath(), List.of(), ShortLivedApp.class, args);
        assertEquals(0, child.waitFor(Duration.ofMinutes(2)), child.stderr());
        assertTrue(child.stdout().contains("done"), child.stdout() + child.stderr());
        return child;
    }

    static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
