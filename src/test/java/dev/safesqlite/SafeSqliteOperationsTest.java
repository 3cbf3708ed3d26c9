package dev.safesqlite;

import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeSqliteOperationsTest {

    @TempDir
    Path tmp;

    @Test
    void verifyRestoreExportCheckpointAndVacuumFromJava() throws Exception {
        Path db = ordersDatabase(tmp.resolve("ops.db"), 30);
        SafeSqlite s = SafeSqlite.of(db, Map.of("safesqlite.backup.dir", tmp.resolve("b").toString()));
        BackupInfo thirty = s.backup();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("DELETE FROM orders WHERE id > 10");
        }

        assertEquals(List.of(new VerifyResult(thirty.file(), null)), s.verify(true, true));

        RestoreResult r = s.restore(thirty.file());
        assertEquals(Map.of("orders", 10L), r.rowsBefore());
        assertEquals(Map.of("orders", 30L), r.rowsAfter());
        assertTrue(r.preRestore().getFileName().toString().endsWith("_pre-restore.db"), r.toString());
        assertEquals(30, count(db));

        ExportResult e = s.export(tmp.resolve("csv"), false);
        assertEquals(Map.of("orders", 30L), e.rows());
        assertTrue(Files.exists(tmp.resolve("csv/orders.csv")));

        assertEquals("truncate", s.checkpoint());
        BackupInfo beforeVacuum = s.vacuum();
        assertEquals("pre-ddl", beforeVacuum.reason());
        assertEquals("VACUUM", beforeVacuum.triggerSql());
        assertEquals(30, count(db));
    }

    private static long count(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM orders")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
