package dev.safesqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * The destructive statements of issue 16 that ran without a backup, each through the driver on a
 * real file (bulk.rows is the default 1,000): SQLite's own effect is checked next to the verdict,
 * so a test shows the statement really destroys what it is said to.
 */
@ExtendWith(AwaitBackgroundWork.class)
class DetectionHolesTest {

    @TempDir
    Path dir;

    /** {@code jobs(id, status, n)}: 1,500 rows, status 'done', n = id; a unique index on n. */
    private TestDatabase jobs() throws Exception {
        TestDatabase db = TestDatabase.withOrders(dir, 3);
        raw(db, "CREATE TABLE jobs(id INTEGER PRIMARY KEY, status TEXT, n);"
                + "CREATE UNIQUE INDEX jobs_n ON jobs(n);"
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

    private Connection open(TestDatabase db) throws SQLException {
        return DriverManager.getConnection(db.url("safesqlite.coalesce=0"));
    }

    // ---- (a) REPLACE and upserts ----

    @Test
    void insertOrReplaceSelectRewritingEveryRowTakesABackup() throws Exception {
        TestDatabase db = jobs();
        try (Connection c = open(db); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT OR REPLACE INTO jobs SELECT id, 'new', n FROM jobs");
            assertEquals(1500, count(c, "SELECT count(*) FROM jobs WHERE status = 'new'"));
        }
        assertEquals(List.of("pre-delete"), reasons(db));
    }

    @Test
    void replaceIntoSelectTakesABackup() throws Exception {
        TestDatabase db = jobs();
        try (Connection c = open(db); Statement st = c.createStatement()) {
            st.executeUpdate("REPLACE INTO jobs(id, status, n) SELECT id + 5000, 'moved', n FROM jobs");
            assertEquals(1500, count(c, "SELECT count(*) FROM jobs WHERE status = 'moved'"));
            assertEquals(1500, count(c, "SELECT count(*) FROM jobs"));
        }
        assertEquals(List.of("pre-delete"), reasons(db));
    }

    @Test
    void upsertDoUpdateOfThousandsOfRowsTakesABackup() throws Exception {
        TestDatabase db = jobs();
        try (Connection c = open(db); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO jobs(id, status, n) SELECT id, 'x', n FROM jobs WHERE id <= 1200 AND true"
                    + " ON CONFLICT(id) DO UPDATE SET status = 'upserted'");
            assertEquals(1200, count(c, "SELECT count(*) FROM jobs WHERE status = 'upserted'"));
        }
        assertEquals(List.of("pre-update"), reasons(db));
    }

    @Test
    void replacingOneRowByKeyAndInsertingNewRowsTakeNoBackup() throws Exception {
        TestDatabase db = jobs();
        try (Connection c = open(db); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT OR REPLACE INTO jobs VALUES (7, 'again', 7)");
            st.executeUpdate("INSERT INTO jobs(id, status, n) VALUES (1501, 'new', 1501) ON CONFLICT DO UPDATE SET status = 'u'");
            st.executeUpdate("INSERT OR REPLACE INTO jobs SELECT id + 2000, 'copy', n + 2000 FROM jobs");
            assertEquals(3002, count(c, "SELECT count(*) FROM jobs"));
        }
        assertEquals(List.of(), reasons(db));
    }

    // ---- (b) batches judged as a whole ----

    @Test
    void aPreparedBatchOfRangeDeletesThatTogetherEmptyTheTableTakesABackup() throws Exception {
        TestDatabase db = jobs();
        try (Connection c = open(db); PreparedStatement ps = c.prepareStatement("DELETE FROM jobs WHERE id > ? AND id <= ?")) {
            for (int k = 0; k < 4; k++) {
                ps.setInt(1, k * 375);
                ps.setInt(2, (k + 1) * 375);
                ps.addBatch();
            }
            ps.executeBatch();
            assertEquals(0, count(c, "SELECT count(*) FROM jobs"));
        }
        assertEquals(List.of("pre-delete"), reasons(db));
    }

    @Test
    void aStatementBatchOfTwoHalfDeletesTakesABackup() throws Exception {
        TestDatabase db = jobs();
        try (Connection c = open(db); Statement st = c.createStatement()) {
            st.addBatch("DELETE FROM jobs WHERE id <= 750");
            st.addBatch("DELETE FROM jobs WHERE id > 750");
            st.executeBatch();
            assertEquals(0, count(c, "SELECT count(*) FROM jobs"));
        }
        assertEquals(List.of("pre-delete"), reasons(db));
    }

    @Test
    void aBatchOfAFewKeyedDeletesTakesNoBackup() throws Exception {
        TestDatabase db = jobs();
        try (Connection c = open(db); PreparedStatement ps = c.prepareStatement("DELETE FROM jobs WHERE id = ?")) {
            for (int id = 1; id <= 20; id++) {
                ps.setInt(1, id);
                ps.addBatch();
            }
            ps.executeBatch();
            assertEquals(1480, count(c, "SELECT count(*) FROM jobs"));
        }
        assertEquals(List.of(), reasons(db));
    }

    // ---- (c) LIMIT and ORDER BY ... LIMIT ----

    @Test
    void deleteWithLimitMinusOneTakesABackup() throws Exception {
        TestDatabase db = jobs();
        try (Connection c = open(db); Statement st = c.createStatement()) {
            assertEquals(1500, st.executeUpdate("DELETE FROM jobs WHERE status = 'done' LIMIT -1"));
        }
        assertEquals(List.of("pre-delete"), reasons(db));
    }

    @Test
    void deleteOrderedWithLimitTakesABackup() throws Exception {
        TestDatabase db = jobs();
        try (Connection c = open(db); Statement st = c.createStatement()) {
            assertEquals(1500, st.executeUpdate("DELETE FROM jobs WHERE status = 'done' ORDER BY id LIMIT 2000"));
        }
        assertEquals(List.of("pre-delete"), reasons(db));
    }

    @Test
    void updateWithLimitTakesABackupAndASmallLimitDoesNot() throws Exception {
        TestDatabase db = jobs();
        try (Connection c = open(db); Statement st = c.createStatement()) {
            assertEquals(10, st.executeUpdate("UPDATE jobs SET n = n WHERE status = 'done' LIMIT 10 OFFSET 5"));
            assertEquals(List.of(), reasons(db));
            assertEquals(1500, st.executeUpdate("UPDATE jobs SET status = 'all' WHERE status = 'done' LIMIT 2500"));
        }
        assertEquals(List.of("pre-update"), reasons(db));
    }

    @Test
    void aKeyedDeleteWithLimitStillTakesNoBackup() throws Exception {
        TestDatabase db = jobs();
        try (Connection c = open(db); Statement st = c.createStatement()) {
            assertEquals(1, st.executeUpdate("DELETE FROM jobs WHERE id = 5 LIMIT 1"));
            assertEquals(1, st.executeUpdate("UPDATE jobs SET status = 'k' WHERE n = 9 ORDER BY id LIMIT 1"));
        }
        assertEquals(List.of(), reasons(db));
    }

    // ---- (d) bound values as sqlite-jdbc binds them ----

    @Test
    void aValueBoundWithSetByteIsCountedAsTheIntegerSqliteJdbcBinds() throws Exception {
        TestDatabase db = jobs();
        raw(db, "CREATE TABLE flags(f); WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 1500)"
                + " INSERT INTO flags SELECT 1 FROM k");
        try (Connection c = open(db); PreparedStatement ps = c.prepareStatement("DELETE FROM flags WHERE f = ?")) {
            ps.setByte(1, (byte) 1);
            assertEquals(1500, ps.executeUpdate());
        }
        assertEquals(List.of("pre-delete"), reasons(db));
    }

    @Test
    void aByteGivenToSetObjectIsCountedAsTheTextSqliteJdbcBinds() throws Exception {
        TestDatabase db = jobs();
        raw(db, "CREATE TABLE flags(f); WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 1500)"
                + " INSERT INTO flags SELECT '1' FROM k");
        try (Connection c = open(db); PreparedStatement ps = c.prepareStatement("DELETE FROM flags WHERE f = ?")) {
            ps.setObject(1, Byte.valueOf((byte) 1)); // sqlite-jdbc binds Byte.toString()
            assertEquals(1500, ps.executeUpdate());
        }
        assertEquals(List.of("pre-delete"), reasons(db));
    }

    @Test
    void booleansShortsAndDecimalsAreCountedAsSqliteJdbcBindsThem() throws Exception {
        TestDatabase db = jobs();
        raw(db, "CREATE TABLE vals(b, s, d); WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 1500)"
                + " INSERT INTO vals SELECT 1, 7, '2.50' FROM k");
        try (Connection c = open(db)) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE vals SET b = b WHERE b = ?")) {
                ps.setBoolean(1, true);
                assertEquals(1500, ps.executeUpdate());
            }
            assertEquals(1, reasons(db).size());
            try (PreparedStatement ps = c.prepareStatement("UPDATE vals SET s = s WHERE s = ?")) {
                ps.setShort(1, (short) 7);
                assertEquals(1500, ps.executeUpdate());
            }
            assertEquals(2, reasons(db).size());
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM vals WHERE d = ?")) {
                ps.setBigDecimal(1, new java.math.BigDecimal("2.50")); // bound as the text '2.50'
                assertEquals(1500, ps.executeUpdate());
            }
        }
        assertEquals(List.of("pre-delete", "pre-update", "pre-update"), reasons(db));
    }

    // ---- (e) the SQL text as SQLite reads it ----

    @Test
    void aNulCharacterEndsTheSqlAsItDoesForSqlite() throws Exception {
        TestDatabase db = jobs();
        try (Connection c = open(db); Statement st = c.createStatement()) {
            assertEquals(1500, st.executeUpdate("UPDATE jobs SET status = 'x' \u0000 WHERE id = 5"));
        }
        assertEquals(List.of("pre-update"), reasons(db));
    }

    @Test
    void aNulCharacterInAPreparedStatementEndsItToo() throws Exception {
        TestDatabase db = jobs();
        try (Connection c = open(db); PreparedStatement ps = c.prepareStatement("DELETE FROM jobs \u0000 WHERE id = 5")) {
            assertEquals(1500, ps.executeUpdate());
        }
        assertEquals(List.of("pre-delete"), reasons(db));
    }
}
