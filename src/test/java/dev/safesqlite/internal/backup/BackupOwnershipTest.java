package dev.safesqlite.internal.backup;

import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.BackupInfo;
import dev.safesqlite.SafeSqlite;
import dev.safesqlite.VerifyResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC section 5 through the Java API: a backup belongs to its database by backup directory and
 * file-name stem; the recorded path only tells same-named databases sharing a directory apart.
 */
class BackupOwnershipTest {

    @TempDir
    Path tmp;

    private static final Map<String, String> KEEP_ALL = Map.of("safesqlite.retain.last", "100");

    private static Map<String, String> in(Path backupDir) {
        return Map.of("safesqlite.backup.dir", backupDir.toString(), "safesqlite.retain.last", "100");
    }

    @Test
    void aMovedDatabaseDirectoryKeepsItsBackupsAndRestoresAtTheNewPath() throws Exception {
        Path old = Files.createDirectories(tmp.resolve("old"));
        Path oldDb = ordersDatabase(old.resolve("app.db"), 20);
        SafeSqlite before = SafeSqlite.of(oldDb, KEEP_ALL);
        before.backup("daily", false);
        BackupInfo second = before.backup("daily", false);
        Path moved = tmp.resolve("new");
        Files.move(old, moved);
        Path db = moved.resolve("app.db");
        Files.delete(db);

        SafeSqlite after = SafeSqlite.of(db, KEEP_ALL);
        assertEquals(2, after.list().size());
        assertEquals(2, after.stats().count());
        assertTrue(after.verify(false, false).stream().allMatch(VerifyResult::ok));
        after.restore(moved.resolve("backups").resolve(second.file().getFileName()));
        assertEquals(20, count(db));

        after.backup("daily", false); // taken at the new path: the ones from the old path are still its own
        assertEquals(3, after.list().size());
        assertEquals(3, after.verify(false, false).size());
    }

    @Test
    void anotherSameNamedDatabaseThatExistsIsNeverListedNorPrunedEvenIfItsBackupsCameFirst() throws Exception {
        Path shared = tmp.resolve("shared");
        Path a = ordersDatabase(Files.createDirectories(tmp.resolve("a")).resolve("app.db"), 1);
        Path b = ordersDatabase(Files.createDirectories(tmp.resolve("b")).resolve("app.db"), 2);
        SafeSqlite ofB = SafeSqlite.of(b, in(shared));
        BackupInfo bOnly = ofB.backup("daily", false);
        SafeSqlite ofA = SafeSqlite.of(a, Map.of("safesqlite.backup.dir", shared.toString(), "safesqlite.retain.last", "1",
                "safesqlite.retain.daily", "0", "safesqlite.retain.weekly", "0", "safesqlite.retain.monthly", "0",
                "safesqlite.retain.within", "0"));
        ofA.backup("daily", false);
        BackupInfo aNewest = ofA.backup("daily", false);
        assertEquals(List.of(aNewest), ofA.list(), "retention kept a's newest and never counted b's");
        assertEquals(List.of(bOnly), ofB.list());
        assertTrue(Files.exists(bOnly.file()));
    }

    @Test
    void twoSameNamedDatabasesMovedTogetherNeedTheOriginalPath() throws Exception {
        Path shared = tmp.resolve("site/shared");
        Path a = ordersDatabase(Files.createDirectories(tmp.resolve("site/a")).resolve("app.db"), 1);
        Path b = ordersDatabase(Files.createDirectories(tmp.resolve("site/b")).resolve("app.db"), 2);
        SafeSqlite ofA = SafeSqlite.of(a, in(shared));
        SafeSqlite ofB = SafeSqlite.of(b, in(shared));
        BackupInfo a1 = ofA.backup("daily", false);
        ofB.backup("daily", false);
        BackupInfo a2 = ofA.backup("daily", false);
        ofB.backup("daily", false);
        Files.move(tmp.resolve("site"), tmp.resolve("elsewhere"));
        Path movedShared = tmp.resolve("elsewhere/shared");
        Path newA = tmp.resolve("elsewhere/a/app.db");

        SafeSqlite unclear = SafeSqlite.of(newA, in(movedShared));
        UnclearOwnerException e = assertThrows(UnclearOwnerException.class, unclear::list);
        assertTrue(e.getMessage().contains(a.toString()) && e.getMessage().contains(b.toString())
                && e.getMessage().contains("--original"), e.getMessage());
        assertThrows(UnclearOwnerException.class, unclear::stats);
        assertThrows(java.io.IOException.class, () -> unclear.verify(false, false));

        SafeSqlite said = unclear.withOriginal(a);
        assertEquals(List.of(a2.file().getFileName(), a1.file().getFileName()),
                said.list().stream().map(x -> x.file().getFileName()).toList());
        assertEquals(2, said.verify(false, false).size());
        UnclearOwnerException wrong = assertThrows(UnclearOwnerException.class,
                () -> unclear.withOriginal(tmp.resolve("nowhere/app.db")).list());
        assertTrue(wrong.getMessage().contains(b.toString()), wrong.getMessage());
    }

    private static long count(Path db) throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
             var rs = c.createStatement().executeQuery("SELECT count(*) FROM orders")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
