package dev.safesqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC 4, coalescing, through the driver: a backup is reused only while the last committed state
 * differs from it by nothing but what the destructive statements it covers did. Each test
 * restores nothing but opens the backup taken before the last destructive statement and looks
 * for the rows the connection wrote in between (issue 11, point 1).
 */
@ExtendWith(AwaitBackgroundWork.class)
class CoalescingTest {

    @TempDir
    Path tmp;

    @Test
    void insertsInAutocommitBetweenSchemaChangesAreInTheBackupBeforeTheDelete() throws Exception {
        TestDatabase db = TestDatabase.withOrders(tmp, 20);
        try (Connection c = DriverManager.getConnection(db.url()); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t(x)");
            st.execute("CREATE TABLE gone(x)");
            for (int i = 0; i < 50; i++) st.executeUpdate("INSERT INTO t VALUES (" + i + ")");
            st.execute("DROP TABLE gone");
            st.execute("DELETE FROM t");
        }
        List<BackupInfo> backups = db.preOperationBackups();
        assertEquals(2, backups.size(), "the inserts are in no earlier backup: the DROP takes a fresh one");
        assertEquals("DROP TABLE gone", backups.get(0).triggerSql());
        assertEquals(50, count(backups.get(0).file(), "SELECT count(*) FROM t"),
                "the backup the DELETE reused holds the 50 rows");
    }

    @Test
    void aChangeByKeyBeforeABulkUpdateIsInTheBackupBeforeIt() throws Exception {
        TestDatabase db = TestDatabase.withOrders(tmp, 20);
        try (Connection c = DriverManager.getConnection(db.url()); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE audit_trail(x)");
            try (PreparedStatement ps = c.prepareStatement("UPDATE orders SET item = ? WHERE id = ?")) {
                ps.setString(1, "changed by key");
                ps.setInt(2, 3);
                ps.executeUpdate();
            }
            st.executeUpdate("UPDATE orders SET item = 'bulk'");
        }
        List<BackupInfo> backups = db.preOperationBackups();
        assertEquals(2, backups.size());
        assertEquals("pre-update", backups.get(0).reason());
        assertEquals(1, count(backups.get(0).file(), "SELECT count(*) FROM orders WHERE item = 'changed by key'"));
    }

    @Test
    void rowsCommittedInATransactionAreInTheBackupBeforeABulkDeleteInTheNext() throws Exception {
        TestDatabase db = TestDatabase.withOrders(tmp, 20);
        try (Connection c = DriverManager.getConnection(db.url()); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("CREATE TABLE t(x)");
            for (int i = 0; i < 50; i++) st.executeUpdate("INSERT INTO t VALUES (" + i + ")");
            c.commit();
            st.executeUpdate("DELETE FROM t");
            c.commit();
        }
        List<BackupInfo> backups = db.preOperationBackups();
        assertEquals(2, backups.size());
        assertEquals("pre-delete", backups.get(0).reason());
        assertEquals(50, count(backups.get(0).file(), "SELECT count(*) FROM t"));
    }

    @Test
    void rowsWrittenInATransactionBeforeItsBackupAreNotLostOnceItCommits() throws Exception {
        // The backup inside a transaction shows the state before it (SPEC 4), without the rows the
        // transaction had already inserted; after the commit it no longer covers the database.
        TestDatabase db = TestDatabase.withOrders(tmp, 20);
        try (Connection c = DriverManager.getConnection(db.url()); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("INSERT INTO orders(item, qty) VALUES ('in the transaction', 1)");
            st.execute("CREATE TABLE t(x)");
            c.commit();
            st.executeUpdate("DELETE FROM orders");
            c.commit();
        }
        List<BackupInfo> backups = db.preOperationBackups();
        assertEquals(2, backups.size());
        assertEquals("pre-delete", backups.get(0).reason());
        assertEquals(1, count(backups.get(0).file(), "SELECT count(*) FROM orders WHERE item = 'in the transaction'"));
    }

    @Test
    void aBurstOfSchemaChangesAndBulkStatementsCostsOneBackup() throws Exception {
        TestDatabase db = TestDatabase.withOrders(tmp, 20);
        try (Connection c = DriverManager.getConnection(db.url()); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE a(x)");
            st.executeUpdate("ALTER TABLE a ADD COLUMN y");
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM orders")) { // reading writes nothing
                rs.next();
            }
            st.addBatch("CREATE INDEX a_x ON a(x)");
            st.addBatch("DROP INDEX a_x");
            st.executeBatch();
            try (PreparedStatement ps = c.prepareStatement("UPDATE orders SET qty = ?")) {
                ps.setInt(1, 0);
                ps.executeUpdate();
            }
            st.executeUpdate("DELETE FROM orders");
            st.execute("DROP TABLE a");
        }
        List<BackupInfo> backups = db.preOperationBackups();
        assertEquals(1, backups.size(), "one backup for the whole burst");
        assertEquals(20, count(backups.get(0).file(), "SELECT count(*) FROM orders"));
    }

    @Test
    void aBurstInsideOneTransactionCostsOneBackupAndTheCommitEndsIt() throws Exception {
        TestDatabase db = TestDatabase.withOrders(tmp, 20);
        try (Connection c = DriverManager.getConnection(db.url()); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("CREATE TABLE a(x)");
            st.execute("DROP TABLE a");
            st.executeUpdate("DELETE FROM orders");
            c.commit();
            st.execute("CREATE TABLE b(x)"); // after a commit: a fresh backup, as the commit may hold writes made before the first
            c.commit();
        }
        assertEquals(2, db.preOperationBackups().size());
    }

    @Test
    void aDestructiveStatementThatFailedLeavesItsBackupUnusedForTheNext() throws Exception {
        TestDatabase db = TestDatabase.withOrders(tmp, 20);
        try (Connection c = DriverManager.getConnection(db.url()); Statement st = c.createStatement()) {
            st.execute("CREATE TRIGGER keep BEFORE DELETE ON orders WHEN old.id = 20 BEGIN SELECT RAISE(ABORT, 'kept'); END");
            // runs until the trigger aborts it: what a failed statement left is not known to the engine
            assertThrows(SQLException.class, () -> st.executeUpdate("DELETE FROM orders"));
            st.execute("DROP TRIGGER keep");
        }
        assertEquals(2, db.preOperationBackups().size());
    }

    @Test
    void aStatementUsedAfterItsConnectionClosedFailsAsSqliteJdbcSaysWhileABackupIsWatched() throws Exception {
        TestDatabase db = TestDatabase.withOrders(tmp, 20);
        Connection c = DriverManager.getConnection(db.url());
        Statement st = c.createStatement();
        st.execute("CREATE TABLE a(x)");
        st.executeUpdate("INSERT INTO orders(item, qty) VALUES ('after the backup', 1)"); // a commit the watch sees
        c.close();
        assertThrows(SQLException.class, () -> st.execute("SELECT 1"));
    }

    private static long count(Path backup, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + backup);
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
