package dev.safesqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.testing.NonUtf8Names;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: a table whose name is not valid UTF-8 used to block every destructive statement on
 * its database with SS001 ("no such table: bad???" while checking the backup copy). Now DELETE
 * and DROP are backed up, the backups verify, and restoring one brings that table back too.
 */
@ExtendWith(AwaitBackgroundWork.class)
class NonUtf8TableNameThroughTheDriverTest {

    @TempDir
    Path dir;

    @Test
    void destructiveStatementsAreBackedUpVerifiedAndRestored() throws Exception {
        TestDatabase db = TestDatabase.withOrders(dir, 20);
        NonUtf8Names.addTable(db.file(), 3);

        try (Connection c = DriverManager.getConnection(db.url("safesqlite.coalesce=0s")); Statement st = c.createStatement()) {
            assertEquals(20, st.executeUpdate("DELETE FROM orders"));
            st.executeUpdate("DROP TABLE orders");
        }

        List<BackupInfo> backups = db.preOperationBackups().stream()
                .sorted(java.util.Comparator.comparing(BackupInfo::created)).toList();
        assertEquals(List.of("pre-delete", "pre-ddl"), backups.stream().map(BackupInfo::reason).toList());
        assertEquals(Map.of("orders", 20L, NonUtf8Names.SHOWN, 3L), backups.get(0).tables());
        assertEquals(Map.of("orders", 0L, NonUtf8Names.SHOWN, 3L), backups.get(1).tables());
        SafeSqlite safe = SafeSqlite.of(db.file(), Map.of("safesqlite.backup.dir", db.backupDir().toString()));
        List<VerifyResult> verified = safe.verify(false, false);
        assertTrue(verified.stream().allMatch(VerifyResult::ok), verified.toString());

        RestoreResult restored = safe.restore(backups.get(0).file());
        assertEquals(Map.of(NonUtf8Names.SHOWN, 3L), restored.rowsBefore());
        assertEquals(Map.of("orders", 20L, NonUtf8Names.SHOWN, 3L), restored.rowsAfter());
        assertEquals(3, NonUtf8Names.rows(db.file()));
    }
}
