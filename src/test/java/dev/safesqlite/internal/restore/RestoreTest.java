package dev.safesqlite.internal.restore;

import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static dev.safesqlite.testing.TestDatabases.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.internal.backup.StoredBackup;
import dev.safesqlite.internal.engine.ProtectedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreTest {

    @TempDir
    Path tmp;

    private ProtectedDatabase database(Path db) throws Exception {
        return ProtectedDatabase.detached(db, settings("backup.dir", tmp.resolve("backups").toString()));
    }

    @Test
    void restoresABackupInWalModeAndKeepsTheReplacedStateInAPreRestoreBackup() throws Exception {
        Path db = ordersDatabase(tmp.resolve("shop.db"), 10);
        ProtectedDatabase pd = database(db);
        StoredBackup ten = pd.backup("manual", null, pd.settings(), false);
        sql(db, "INSERT INTO orders(item, qty) SELECT item, qty FROM orders", "CREATE TABLE later(x)",
                "PRAGMA user_version=7");

        Restore restore = new Restore(pd);
        RestorePlan plan = restore.plan(new BackupChoice.File(ten.file()));
        assertEquals(List.of(new RestoreDiff.TableChange("later", 0L, null),
                new RestoreDiff.TableChange("orders", 20L, 10L)), plan.diff().tables());
        assertEquals(List.of("later"), plan.diff().disappearing());
        assertEquals(7, plan.diff().userVersionNow());
        assertEquals(0, plan.diff().userVersionAfter());

        try (PreparedRestore prepared = restore.prepare(plan, Progress.NONE)) {
            PreRestore pre = restore.keepCurrentState(plan);
            assertEquals("pre-restore", pre.backup().manifest().reason());
            assertEquals(Map.of("later", 0L, "orders", 20L), pre.backup().manifest().tables());
            restore.replace(prepared, pre);
        }
        assertEquals(10, count(db, "SELECT count(*) FROM orders"));
        assertEquals(0, count(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'later'"));
        assertEquals("wal", text(db, "PRAGMA journal_mode"));
        assertEquals(List.of(), hiddenFiles(tmp), "no temporary copy or kept original is left");
    }

    @Test
    void refusesWhileAnotherConnectionHoldsTheDatabaseOpenAndChangesNothing() throws Exception {
        Path db = ordersDatabase(tmp.resolve("busy.db"), 5);
        ProtectedDatabase pd = database(db);
        StoredBackup b = pd.backup("manual", null, pd.settings(), false);
        sql(db, "DELETE FROM orders WHERE id > 2");
        Restore restore = new Restore(pd);
        RestorePlan plan = restore.plan(new BackupChoice.File(b.file()));
        try (Connection app = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = app.createStatement()) {
            st.executeQuery("SELECT count(*) FROM orders").close(); // an idle WAL connection keeps a shared lock
            DatabaseInUseException e = assertThrows(DatabaseInUseException.class, () -> restore.prepare(plan, Progress.NONE));
            assertTrue(e.getMessage().contains(db.toString()) && e.getMessage().contains("was not changed"), e.getMessage());
        }
        assertEquals(2, count(db, "SELECT count(*) FROM orders"));
        assertEquals(List.of(), hiddenFiles(tmp));
    }

    @Test
    void putsTheOriginalBackWhenTheRestoredDatabaseDoesNotCheckOut() throws Exception {
        Path db = ordersDatabase(tmp.resolve("roll.db"), 8);
        ProtectedDatabase pd = database(db);
        StoredBackup b = pd.backup("manual", null, pd.settings(), false);
        sql(db, "INSERT INTO orders(item, qty) VALUES ('uncheckpointed, only in the -wal', 1)");
        Path copy = Files.createFile(tmp.resolve(".roll.db.restore-test.tmp"));
        RestoredCopy.write(b, copy, Progress.NONE);
        JournalHeader.set(copy, true);

        // The manifest promises 8 rows; expecting 999 makes the post-swap check fail for real.
        RolledBackException e = assertThrows(RolledBackException.class, () -> AtomicReplacement.replace(db, copy,
                new AtomicReplacement.Expected(Map.of("orders", 999L), 0, true)));
        assertTrue(e.getMessage().contains("original database is back in place"), e.getMessage());
        assertEquals(9, count(db, "SELECT count(*) FROM orders"), "the original, with what its WAL held");
        assertEquals("wal", text(db, "PRAGMA journal_mode"));
        assertEquals(List.of(), hiddenFiles(tmp));
    }

    @Test
    void aDamagedBackupIsRefusedBeforeAnythingChanges() throws Exception {
        Path db = ordersDatabase(tmp.resolve("dmg.db"), 50);
        ProtectedDatabase pd = database(db);
        StoredBackup b = pd.backup("manual", null, pd.settings(), false);
        byte[] bytes = Files.readAllBytes(b.file());
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(b.file(), bytes);
        DamagedBackupException e = assertThrows(DamagedBackupException.class,
                () -> new Restore(pd).plan(new BackupChoice.File(b.file())));
        assertTrue(e.getMessage().contains(b.file().toString()) && e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void undoChoosesTheNewestBackupTakenBeforeADestructiveStatement() throws Exception {
        Path db = ordersDatabase(tmp.resolve("undo.db"), 3);
        ProtectedDatabase pd = database(db);
        StoredBackup preDdl = pd.backup("pre-ddl", null, pd.settings(), false);
        StoredBackup manual = pd.backup("manual", null, pd.settings(), false);
        List<StoredBackup> all = pd.backups();
        assertEquals(manual.file(), BackupChoice.choose(new BackupChoice.Latest(), db, pd.backupDir(), all).file());
        assertEquals(preDdl.file(), BackupChoice.choose(new BackupChoice.Undo(), db, pd.backupDir(), all).file());
        assertEquals(preDdl.file(), BackupChoice.choose(new BackupChoice.Before(manual.name().created()), db,
                pd.backupDir(), all).file());
        RestoreException none = assertThrows(RestoreException.class, () -> BackupChoice.choose(
                new BackupChoice.Before(preDdl.name().created()), db, pd.backupDir(), all));
        assertTrue(none.getMessage().contains("the oldest is from"), none.getMessage());
        assertEquals(manual.file(), BackupChoice.choose(new BackupChoice.File(manual.file().getFileName()), db,
                pd.backupDir(), List.of()).file(), "a bare file name is looked up in the backup directory");
    }

    @Test
    void aMissingDatabaseIsRecreatedFromItsBackup() throws Exception {
        Path db = ordersDatabase(tmp.resolve("gone.db"), 4);
        ProtectedDatabase pd = database(db);
        StoredBackup b = pd.backup("manual", null, pd.settings(), false);
        Files.delete(db);
        Files.deleteIfExists(tmp.resolve("gone.db-wal"));
        Files.deleteIfExists(tmp.resolve("gone.db-shm"));
        Restore restore = new Restore(pd);
        RestorePlan plan = restore.plan(new BackupChoice.Latest());
        assertFalse(plan.current().exists());
        assertEquals(List.of("orders"), plan.diff().appearing());
        try (PreparedRestore prepared = restore.prepare(plan, Progress.NONE)) {
            PreRestore pre = restore.keepCurrentState(plan);
            assertEquals(null, pre.file());
            restore.replace(prepared, pre);
        }
        assertEquals(4, count(db, "SELECT count(*) FROM orders"));
        assertEquals("wal", text(db, "PRAGMA journal_mode"), "safesqlite.wal defaults to true");
        assertNotNull(b);
    }

    private static void sql(Path db, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            for (String s : statements) st.execute(s);
        }
    }

    static long count(Path db, String sql) throws Exception {
        return Long.parseLong(text(db, sql));
    }

    static String text(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<String> hiddenFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
        }
    }
}
