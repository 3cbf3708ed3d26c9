package dev.safesqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * What a statement changes beyond the rows it matches (issue 16, README's former Limits): rows
 * that ON DELETE CASCADE, triggers and REPLACE conflicts remove, and statements of one string
 * that depend on the ones before them. SQLite's own run inside a rolled-back savepoint tells; the
 * application's statement then runs once, in its own transaction, with its own result.
 */
@ExtendWith(AwaitBackgroundWork.class)
class EffectsBeyondTheTargetTest {

    @TempDir
    Path dir;

    /** {@code parent(id)}: 3 rows; {@code child}: 1,500 rows of parent 1, 3 of parent 2, ON DELETE CASCADE. */
    private TestDatabase family() throws Exception {
        TestDatabase db = TestDatabase.withOrders(dir, 3);
        raw(db, "CREATE TABLE parent(id INTEGER PRIMARY KEY, name TEXT);"
                + "CREATE TABLE child(id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) ON DELETE CASCADE);"
                + "INSERT INTO parent VALUES (1, 'big'), (2, 'small'), (3, 'none');"
                + "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 1500)"
                + " INSERT INTO child SELECT i, 1 FROM k;"
                + "INSERT INTO child(parent_id) VALUES (2), (2), (2)");
        return db;
    }

    /** {@code jobs(id, status, n UNIQUE)}: 1,500 rows. */
    private TestDatabase jobs() throws Exception {
        TestDatabase db = TestDatabase.withOrders(dir, 3);
        raw(db, "CREATE TABLE jobs(id INTEGER PRIMARY KEY, status TEXT, n UNIQUE);"
                + "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 1500)"
                + " INSERT INTO jobs SELECT i, 'done', i FROM k");
        return db;
    }

    private static void raw(TestDatabase db, String sql) throws SQLException {
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + db.file());
             Statement st = raw.createStatement()) {
            st.executeUpdate(sql);
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> reasons(TestDatabase db) throws Exception {
        return db.preOperationBackups().stream().map(BackupInfo::reason).sorted().toList();
    }

    private static Connection open(TestDatabase db) throws SQLException {
        Connection c = DriverManager.getConnection(db.url("safesqlite.coalesce=0"));
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA foreign_keys = ON");
        }
        return c;
    }

    private static int deleteParent(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM parent WHERE id = ?")) {
            ps.setInt(1, id);
            return ps.executeUpdate();
        }
    }

    @Test
    void aOneRowDeleteWhoseCascadeRemovesThousandsOfChildrenTakesABackup() throws Exception {
        TestDatabase db = family();
        try (Connection c = open(db)) {
            assertEquals(1, deleteParent(c, 2)); // cascades to 3 children: no backup
            assertEquals(List.of(), reasons(db));
            assertEquals(1, deleteParent(c, 1));
            assertEquals(0, count(c, "SELECT count(*) FROM child"));
        }
        assertEquals(List.of("pre-delete"), reasons(db));
    }

    @Test
    void withForeignKeysOffTheSameDeleteCascadesToNothingAndTakesNoBackup() throws Exception {
        TestDatabase db = family();
        try (Connection c = DriverManager.getConnection(db.url("safesqlite.coalesce=0"))) {
            assertEquals(1, deleteParent(c, 1));
            assertEquals(1503, count(c, "SELECT count(*) FROM child"));
        }
        assertEquals(List.of(), reasons(db));
    }

    @Test
    void aDeleteWhoseTriggerEmptiesAnotherTableTakesABackup() throws Exception {
        TestDatabase db = jobs();
        raw(db, "CREATE TABLE log(msg TEXT); INSERT INTO log VALUES ('a'), ('b'), ('c');"
                + "CREATE TRIGGER jobs_gone AFTER DELETE ON jobs BEGIN DELETE FROM log; END");
        try (Connection c = open(db); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM jobs WHERE id = 1"); // sqlite-jdbc returns total_changes(): 4
            assertEquals(0, count(c, "SELECT count(*) FROM log"));
        }
        assertEquals(List.of("pre-delete"), reasons(db));
    }

    @Test
    void anAuditTriggerThatOnlyInsertsNeedsNoTrialAndNoBackup() throws Exception {
        TestDatabase db = jobs();
        raw(db, "CREATE TABLE audit(msg TEXT);"
                + "CREATE TRIGGER jobs_audit AFTER DELETE ON jobs BEGIN INSERT INTO audit VALUES ('gone ' || old.id); END");
        try (Connection c = open(db); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM jobs WHERE id <= 600");
            st.executeUpdate("DELETE FROM jobs WHERE id = 1000");
            assertEquals(899, count(c, "SELECT count(*) FROM jobs"));
            assertEquals(601, count(c, "SELECT count(*) FROM audit"));
        }
        assertEquals(List.of(), reasons(db));
    }

    @Test
    void updateOrReplaceDeletingRowsThroughConflictsTakesABackup() throws Exception {
        TestDatabase db = jobs();
        try (Connection c = open(db); Statement st = c.createStatement()) {
            // 750 rows updated (below bulk.rows), each deleting the row whose n it takes
            assertEquals(750, st.executeUpdate("UPDATE OR REPLACE jobs SET n = n + 750 WHERE id <= 750"));
            assertEquals(750, count(c, "SELECT count(*) FROM jobs"));
        }
        assertEquals(List.of("pre-update"), reasons(db));
    }

    @Test
    void insertOrReplaceDeletingRowsThroughConflictsOnAnotherKeyTakesABackup() throws Exception {
        TestDatabase db = jobs();
        try (Connection c = open(db); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT OR REPLACE INTO jobs(id, status, n) SELECT id + 10000, 'moved', n FROM jobs WHERE id <= 1100");
            assertEquals(1500, count(c, "SELECT count(*) FROM jobs"));
            assertEquals(1100, count(c, "SELECT count(*) FROM jobs WHERE status = 'moved'"));
        }
        assertEquals(List.of("pre-delete"), reasons(db));
    }

    @Test
    void aStatementDestructiveOnlyAfterTheOnesBeforeItInTheStringTakesABackup() throws Exception {
        TestDatabase db = jobs();
        try (Connection c = open(db); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE jobs SET status = 'old' WHERE id <= 600; UPDATE jobs SET status = 'old' WHERE id > 900;"
                    + " DELETE FROM jobs WHERE status = 'old'");
            assertEquals(300, count(c, "SELECT count(*) FROM jobs"));
        }
        // the trial measures the whole string; its first statement that depends on others names it
        assertEquals(List.of("pre-update"), reasons(db));
    }

    @Test
    void aStringOfAnInsertAndAKeyedDeleteTakesNoBackup() throws Exception {
        TestDatabase db = jobs();
        try (Connection c = open(db); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO jobs VALUES (5000, 'new', 5000); DELETE FROM jobs WHERE id = 5000;"
                    + " INSERT INTO jobs VALUES (5001, 'new', 5001); UPDATE jobs SET status = 'x' WHERE status = 'new'");
            assertEquals(1501, count(c, "SELECT count(*) FROM jobs"));
        }
        assertEquals(List.of(), reasons(db));
    }

    @Test
    void aBatchWhoseDeleteMatchesWhatAnEarlierEntryUpdatedTakesABackup() throws Exception {
        TestDatabase db = jobs();
        try (Connection c = open(db); Statement st = c.createStatement()) {
            st.addBatch("UPDATE jobs SET status = 'old' WHERE id <= 800");
            st.addBatch("UPDATE jobs SET status = 'old' WHERE id > 800");
            st.addBatch("DELETE FROM jobs WHERE status = 'old'");
            st.executeBatch();
            assertEquals(0, count(c, "SELECT count(*) FROM jobs"));
        }
        assertEquals(List.of("pre-update"), reasons(db)); // the two UPDATEs alone change every row
    }

    // ---- how the trial run behaves towards the application ----

    @Test
    void aReturningDeleteThroughExecuteQueryRunsOnceAndReturnsItsOwnRows() throws Exception {
        TestDatabase db = family();
        try (Connection c = open(db); Statement st = c.createStatement();
             ResultSet rows = st.executeQuery("DELETE FROM parent WHERE id = 1 RETURNING id, name")) {
            assertTrue(rows.next());
            assertEquals(1, rows.getInt(1));
            assertEquals("big", rows.getString(2));
            assertFalse(rows.next());
            rows.close();
            assertEquals(3, count(c, "SELECT count(*) FROM child"));
            assertEquals(2, count(c, "SELECT count(*) FROM parent"));
        }
        assertEquals(List.of("pre-delete"), reasons(db));
    }

    @Test
    void theTrialNestsInTheApplicationsTransactionWhichStaysItsOwn() throws Exception {
        TestDatabase db = family();
        try (Connection c = open(db)) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO parent VALUES (4, 'new')");
            }
            assertEquals(1, deleteParent(c, 1));
            assertEquals(3, count(c, "SELECT count(*) FROM child"));
            c.rollback();
            assertEquals(1503, count(c, "SELECT count(*) FROM child"));
            assertEquals(3, count(c, "SELECT count(*) FROM parent"));
        }
        List<String> taken = reasons(db);
        assertEquals(List.of("pre-delete"), taken);
        // the backup shows the last committed state: the application's uncommitted row is not in it
        BackupInfo backup = db.preOperationBackups().get(0);
        try (Connection copy = DriverManager.getConnection("jdbc:sqlite:" + backup.file())) {
            assertEquals(3, count(copy, "SELECT count(*) FROM parent"));
            assertEquals(1503, count(copy, "SELECT count(*) FROM child"));
        }
    }

    @Test
    void aTrialThatWouldWaitForTheWriteLockDoesNotAndTheBackupIsTakenAnyway() throws Exception {
        TestDatabase db = family();
        try (Connection c = open(db); Connection other = DriverManager.getConnection("jdbc:sqlite:" + db.file())) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout = 200");
            }
            try (Statement st = other.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
                st.execute("INSERT INTO parent VALUES (9, 'theirs')");
            }
            // Raw sqlite-jdbc fails here after its busy timeout too: the lock is held.
            SQLException busy = assertThrows(SQLException.class, () -> deleteParent(c, 2));
            assertTrue(busy.getMessage().contains("SQLITE_BUSY"), busy.getMessage());
            assertEquals(List.of("pre-delete"), reasons(db)); // not measured: the safe side
            assertEquals(200, count(c, "PRAGMA busy_timeout")); // the trial gave it back
            try (Statement st = other.createStatement()) {
                st.execute("ROLLBACK");
            }
            assertEquals(1, deleteParent(c, 2));
            assertEquals(1500, count(c, "SELECT count(*) FROM child"));
        }
    }
}
