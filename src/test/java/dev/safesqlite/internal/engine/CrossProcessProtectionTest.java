package dev.safesqlite.internal.engine;

import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.internal.backup.BackupDirectory;
import dev.safesqlite.internal.backup.BackupVerifier;
import dev.safesqlite.internal.backup.StoredBackup;
import dev.safesqlite.testing.BackupLoop;
import dev.safesqlite.testing.ChildJvm;
import dev.safesqlite.testing.DestructiveWorker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two processes, one database; and a process killed in the middle of a backup. */
class CrossProcessProtectionTest {

    @TempDir
    Path tmp;

    @Test
    void twoProcessesDroppingTablesAreEachCoveredAndNeverShareAFile() throws Exception {
        Path db = ordersDatabase(tmp.resolve("app.db"), 10);
        ChildJvm a = ChildJvm.start(tmp, "a", ChildJvm.testClassPath(), List.of(), DestructiveWorker.class,
                db.toString(), "a", "6");
        ChildJvm b = ChildJvm.start(tmp, "b", ChildJvm.testClassPath(), List.of(), DestructiveWorker.class,
                db.toString(), "b", "6");
        assertEquals(0, a.waitFor(Duration.ofMinutes(2)), a.stderr());
        assertEquals(0, b.waitFor(Duration.ofMinutes(2)), b.stderr());

        List<StoredBackup> all = BackupDirectory.open(tmp.resolve("backups")).list(db);
        assertEquals(12, all.size(), "one backup per DROP (coalescing is off in the workers)");
        for (String p : List.of("a", "b")) {
            for (int i = 0; i < 6; i++) {
                String table = p + "_" + i;
                long rows = 10 + i;
                assertTrue(all.stream().anyMatch(x -> ("DROP TABLE " + table).equals(x.manifest().trigger().sql())
                        && Long.valueOf(rows).equals(x.manifest().tables().get(table))), table);
            }
        }
        BackupDirectory dir = BackupDirectory.open(tmp.resolve("backups"));
        for (StoredBackup x : all) assertTrue(BackupVerifier.verify(x, dir, false).ok(), x.file().toString());
    }

    @Test
    void aProcessKilledMidBackupLeavesNothingThatLooksLikeABackupAndTheNextStartCleansUp() throws Exception {
        Path db = ordersDatabase(tmp.resolve("big.db"), 300_000);
        Path backups = tmp.resolve("backups");
        ChildJvm p = ChildJvm.start(tmp, "loop", ChildJvm.testClassPath(), List.of(), BackupLoop.class,
                db.toString(), backups.toString());
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            // Wait until at least one backup is complete and another one is half-written.
            while (System.currentTimeMillis() < deadline && !(hasTemp(backups) && hasBackup(backups))) {
                Thread.sleep(2);
            }
            assertTrue(hasTemp(backups), "the child was caught writing a temporary file");
        } finally {
            p.kill();
        }
        try (Stream<Path> files = Files.list(backups)) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                assertTrue(n.startsWith(".") || n.endsWith(".db") || n.endsWith(".json"), n);
            }
        }
        BackupDirectory dir = BackupDirectory.open(backups);
        List<StoredBackup> listed = dir.list(db);
        assertTrue(!listed.isEmpty());
        for (StoredBackup b : listed) {
            assertTrue(BackupVerifier.verify(b, dir, false).ok(), "every listed backup is whole: " + b.file());
        }
        // This JVM has not used the directory yet: taking the lock removes the dead process's leftovers.
        dir.exclusively(() -> null);
        assertTrue(!hasTemp(backups), "temporary files of the killed process are gone");
        try (Stream<Path> files = Files.list(backups)) {
            long orphans = files.filter(f -> f.toString().endsWith(".db"))
                    .filter(f -> !Files.exists(Path.of(f + ".json"))).count();
            assertEquals(0, orphans, "no backup file without its manifest");
        }
    }

    private static boolean hasTemp(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(f -> f.getFileName().toString().startsWith(".tmp-"));
        }
    }

    private static boolean hasBackup(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(f -> f.getFileName().toString().endsWith(".db.json"));
        }
    }
}
