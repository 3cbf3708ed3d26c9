package dev.safesqlite.internal.continuous;

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
 * ShortLivedProgramTest with {@code continuous=on}: a program that writes, closes and exits at once
 * leaves nothing beside its database but the backups, though continuous protection held the WAL
 * with connections of its own until the JVM's exit; and what it committed last is kept.
 */
class ContinuousShortLivedProgramTest {

    @TempDir
    Path tmp;

    @Test
    void noWalNorShmIsLeftAfterAnExitRightAfterTheFirstWrites() throws Exception {
        Path db = ShortLivedApp.existingDatabase(tmp.resolve("job/app.db"));
        ChildJvm child = run(db);
        assertEquals(List.of("app.db", "backups"), names(db.getParent()), child.stderr());
        assertFalse(child.stderr().contains("ERROR"), child.stderr());
    }

    @Test
    void noWalNorShmIsLeftAfterContinuousProtectionKeptTheLog() throws Exception {
        Path db = ShortLivedApp.existingDatabase(tmp.resolve("job/app.db"));
        ChildJvm child = run(db, "wait");
        assertEquals(List.of("app.db", "backups"), names(db.getParent()), child.stderr());
        assertFalse(child.stderr().contains("ERROR"), child.stderr());
        Path backups = db.resolveSibling("backups");
        PointInTime pit = new PointInTime(backups, db);
        long last = pit.covered().lastTxid();
        Path out = Files.createTempFile(tmp, "restored-", ".db");
        pit.materialize(last, out);
        assertEquals(ContentHash.of(db), ContentHash.of(out), "the last commit before the exit is kept");
        assertEquals(1, ChangeLog.of(backups, db).points().size(), "the DELETE's restore point");
        assertTrue(ChangeLog.of(backups, db).points().get(0).point().sql().startsWith("DELETE"));
    }

    private ChildJvm run(Path db, String... more) throws Exception {
        String[] args = Stream.concat(Stream.of(db.toString()), Stream.of(more)).toArray(String[]::new);
        ChildJvm child = ChildJvm.start(tmp, "app", ChildJvm.testClassPath(), List.of(), ContinuousShortLivedApp.class, args);
        assertEquals(0, child.waitFor(Duration.ofMinutes(2)), child.stderr());
        assertTrue(child.stdout().contains("done"), child.stdout() + child.stderr());
        return child;
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
