package dev.safesqlite;

import static dev.safesqlite.TestDatabase.count;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Destructive calls the differential fuzzer ({@code dev.safesqlite.fuzz}) found running without a
 * backup, one per class, each on a table too small for bulk.rows (1,000) to matter: the backup is
 * owed because every row of a non-empty table of main is removed or changed (issue 16).
 */
@ExtendWith(AwaitBackgroundWork.class)
class FuzzFoundMissesTest {

    @TempDir
    Path dir;

    /** {@code t(id INTEGER PRIMARY KEY, name TEXT UNIQUE)} with {@code rows} rows {@code (i, 'n' || i)}. */
    private TestDatabase named(int rows) throws Exception {
        return TestDatabase.withTables(dir, "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT UNIQUE, qty INTEGER);"
                + "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < " + rows + ")"
                + " INSERT INTO t SELECT i, 'n' || i, i % 10 FROM k");
    }

    /** Class 1: the row updated takes the other's name, and REPLACE deletes the other row. */
    @Test
    void updateOrReplaceThatRemovesOneRowAndChangesTheOtherOfATwoRowTableTakesABackup() throws Exception {
        TestDatabase db = named(2);
        try (Connection c = db.openUncoalescedWithForeignKeys(); Statement st = c.createStatement()) {
            assertEquals(1, st.executeUpdate("UPDATE OR REPLACE t SET name = 'n1' WHERE id > 1"));
            assertEquals(1, count(c, "SELECT count(*) FROM t"));
        }
        assertEquals(List.of("pre-update"), db.preOperationReasons());
    }

    /** Class 1 on 40 rows: each row moved onto id 1 replaces the one moved before it. */
    @Test
    void updateOrReplaceOntoOneKeyOfAFortyRowTableTakesABackup() throws Exception {
        TestDatabase db = named(40);
        try (Connection c = db.openUncoalescedWithForeignKeys(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE OR REPLACE t SET id = 1 WHERE id > 1");
            assertEquals(1, count(c, "SELECT count(*) FROM t"));
        }
        assertEquals(List.of("pre-update"), db.preOperationReasons());
    }

    /** Class 2: neither DELETE alone matches every row; together they empty the table. */
    @Test
    void twoDeletesOfOneStringThatTogetherEmptyTheTableTakeABackup() throws Exception {
        TestDatabase db = named(48);
        try (Connection c = db.openUncoalescedWithForeignKeys(); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM main.t WHERE id >= 45; DELETE FROM `t` WHERE id < 45");
            assertEquals(0, count(c, "SELECT count(*) FROM t"));
        }
        assertEquals(List.of("pre-delete"), db.preOperationReasons());
    }

    @Test
    void twoDeletesOfOneStringThatLeaveARowTakeNoBackup() throws Exception {
        TestDatabase db = named(48);
        try (Connection c = db.openUncoalescedWithForeignKeys(); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM t WHERE id >= 45; DELETE FROM t WHERE id < 44");
            assertEquals(1, count(c, "SELECT count(*) FROM t"));
        }
        assertEquals(List.of(), db.preOperationReasons());
    }

    /** A false alarm the fuzzer listed: entries that each match part of the table, overlapping, leave a row. */
    @Test
    void aBatchWhoseEntriesTogetherMatchEveryRowButOverlapAndLeaveOneTakesNoBackup() throws Exception {
        TestDatabase db = named(3);
        try (Connection c = db.openUncoalescedWithForeignKeys(); Statement st = c.createStatement()) {
            st.addBatch("DELETE FROM t WHERE id <= 2"); // rows 1, 2
            st.addBatch("DELETE FROM t WHERE id <> 3"); // rows 1, 2 again, counted alone: 2 + 2 of 3
            st.executeBatch();
            assertEquals(1, count(c, "SELECT count(*) FROM t"));
            st.addBatch("DELETE FROM t WHERE id = 3 AND qty >= 0");
            st.addBatch("DELETE FROM t WHERE qty >= 0");
            st.executeBatch(); // the last row goes
        }
        assertEquals(List.of("pre-delete"), db.preOperationReasons());
    }

    /** Class 3: one VALUES row conflicting on id with one row and on name with the other. */
    @Test
    void insertOrReplaceOfOneRowConflictingOnTwoKeysOfATwoRowTableTakesABackup() throws Exception {
        TestDatabase db = named(2);
        try (Connection c = db.openUncoalescedWithForeignKeys(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT OR REPLACE INTO t(id, name, qty) VALUES (1, 'n2', 7)");
            assertEquals(1, count(c, "SELECT count(*) FROM t"));
        }
        assertEquals(List.of("pre-delete"), db.preOperationReasons());
    }

    @Test
    void insertOrReplaceOfOneRowOnATableWithMoreRowsThanItCanReplaceTakesNoBackup() throws Exception {
        TestDatabase db = named(3);
        try (Connection c = db.openUncoalescedWithForeignKeys(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT OR REPLACE INTO t(id, name, qty) VALUES (1, 'n2', 7)");
            assertEquals(2, count(c, "SELECT count(*) FROM t"));
        }
        assertEquals(List.of(), db.preOperationReasons());
    }

    /** Class 4: a keyed UPDATE in a transaction whose ON UPDATE CASCADE changes the only child row. */
    @Test
    void aKeyedUpdateWhoseCascadeChangesEveryRowOfASmallChildTableTakesABackup() throws Exception {
        TestDatabase db = named(49);
        db.runRaw("CREATE TABLE child(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES t(id) ON UPDATE CASCADE);"
                + "INSERT INTO child VALUES (1, 2)");
        try (Connection c = db.openUncoalescedWithForeignKeys()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE t SET id = id + 1000 WHERE id = 2");
            }
            c.commit();
            assertEquals(1002, count(c, "SELECT pid FROM child"));
        }
        assertEquals(List.of("pre-update"), db.preOperationReasons());
    }

    /** Class 4: ON DELETE SET NULL changes every child row, none removed, fewer than bulk.rows. */
    @Test
    void aDeleteWhoseSetNullChangesEveryChildRowTakesABackup() throws Exception {
        TestDatabase db = named(200);
        db.runRaw("CREATE TABLE child(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES t(id) ON DELETE SET NULL);"
                + "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 30)"
                + " INSERT INTO child SELECT i, 1 + i % 3 FROM k");
        try (Connection c = db.openUncoalescedWithForeignKeys(); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM t WHERE id BETWEEN 1 AND 6");
            assertEquals(30, count(c, "SELECT count(*) FROM child WHERE pid IS NULL"));
        }
        assertEquals(List.of("pre-delete"), db.preOperationReasons());
    }

    /** Class 4: a trigger that rewrites every row of a small table; a trigger that leaves one row alone does not fire. */
    @Test
    void aTriggerThatChangesEveryRowOfASmallTableTakesABackupAndOneThatSparesARowDoesNot() throws Exception {
        TestDatabase db = named(200);
        db.runRaw("CREATE TABLE totals(k INTEGER PRIMARY KEY, n INTEGER); INSERT INTO totals VALUES (1, 0), (2, 0), (3, 5);"
                + "CREATE TRIGGER bump AFTER UPDATE OF qty ON t BEGIN UPDATE totals SET n = n + 1 WHERE n < new.qty; END");
        try (Connection c = db.openUncoalescedWithForeignKeys(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE t SET qty = 1 WHERE id = 10"); // totals 1 and 2 change, 3 stays
            assertEquals(List.of(), db.preOperationReasons());
            st.executeUpdate("UPDATE t SET qty = 9 WHERE id = 10"); // every row of totals changes
            assertEquals(6, count(c, "SELECT n FROM totals WHERE k = 3"));
        }
        assertEquals(List.of("pre-update"), db.preOperationReasons());
    }
}
