package dev.safesqlite.internal.continuous;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.internal.audit.Audit;
import dev.safesqlite.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a keeper killed during a write or a merge leaves in changes/ (review 5). */
class ContinuousLeftoverTest {
    @TempDir Path tmp;

    @Test
    void theTakeoverRemovesChangeFilesACrashLeftHalfWritten() throws Exception {
        Path db = tmp.resolve("left.db");
        Path backups = tmp.resolve("backups");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.executeQuery("PRAGMA journal_mode=WAL").close();
            st.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
            Path changes = ChangeLog.create(backups, db.toAbsolutePath().normalize()).changesDirectory();
            Path leftover = changes.resolve(".changes-1234567890.tmp");
            Files.write(leftover, new byte[4096]); // a write cut by kill -9 before its rename
            ContinuousProtection cp = new ContinuousProtection(db, backups,
                    TestDatabases.settings("continuous", "on", "continuous.lag", "50ms"), new Audit(new Events()));
            cp.start();
            try {
                assertTrue(TestDatabases.eventually(cp::ready));
                assertFalse(Files.exists(leftover), leftover + " is left");
            } finally {
                cp.stop();
            }
        }
    }
}
