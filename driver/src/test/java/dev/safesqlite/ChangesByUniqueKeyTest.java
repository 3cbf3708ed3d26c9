package dev.safesqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DELETE or UPDATE by unique key changes one row at most and takes no backup, even of a
 * one-row table; the verdict rests on the schema, and a schema change through any connection of
 * the JVM is noticed.
 */
@ExtendWith(AwaitBackgroundWork.class)
class ChangesByUniqueKeyTest {

    @TempDir
    Path dir;

    private TestDatabase onePerson() throws Exception {
        TestDatabase db = TestDatabase.withOrders(dir, 5);
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + db.file());
             Statement st = raw.createStatement()) {
            st.executeUpdate("CREATE TABLE people(email TEXT, name TEXT, note TEXT);"
                    + "CREATE UNIQUE INDEX people_email ON people(email);"
                    + "INSERT INTO people VALUES ('a@example.org', 'Ann', NULL)");
        }
        return db;
    }

    private static List<String> reasons(TestDatabase db) throws Exception {
        return db.preOperationBackups().stream().map(BackupInfo::reason).sorted().toList();
    }

    private static int updateByEmail(Connection c, String note) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE people SET note = ? WHERE email = ?")) {
            ps.setString(1, note);
            ps.setString(2, "a@example.org");
            return ps.executeUpdate();
        }
    }

    @Test
    void theOnlyRowChangedByKeyTakesNoBackupAndByAnotherColumnTakesOne() throws Exception {
        TestDatabase db = onePerson();
        try (Connection c = DriverManager.getConnection(db.url("safesqlite.coalesce=0"))) {
            assertEquals(1, updateByEmail(c, "first"));
            assertEquals(1, updateByEmail(c, "second"));
            assertEquals(List.of(), reasons(db));
            try (PreparedStatement ps = c.prepareStatement("UPDATE people SET note = ? WHERE name = ?")) {
                ps.setString(1, "third");
                ps.setString(2, "Ann");
                assertEquals(1, ps.executeUpdate());
            }
            assertEquals(List.of("pre-update"), reasons(db));
        }
    }

    @Test
    void aUniqueIndexDroppedThroughAnotherConnectionIsNoticed() throws Exception {
        TestDatabase db = onePerson();
        try (Connection mine = DriverManager.getConnection(db.url("safesqlite.coalesce=0"));
             Connection theirs = DriverManager.getConnection(db.url("safesqlite.coalesce=0"))) {
            assertEquals(1, updateByEmail(mine, "by key")); // the plan is read and remembered
            assertEquals(List.of(), reasons(db));
            try (Statement st = theirs.createStatement()) {
                st.executeUpdate("DROP INDEX people_email");
                st.executeUpdate("INSERT INTO people VALUES ('a@example.org', 'Ann again', NULL)");
            }
            assertEquals(List.of("pre-ddl"), reasons(db));
            // No key any more: the same statement now changes every row of people.
            assertEquals(2, updateByEmail(mine, "every row"));
            assertEquals(List.of("pre-ddl", "pre-update"), reasons(db));
        }
    }

    /** Their schema change, then a second row with the same email: the key is gone. */
    private static void dropKeyAndDuplicate(Connection theirs, String schema) throws SQLException {
        try (Statement st = theirs.createStatement()) {
            st.executeUpdate("DROP INDEX " + schema + "people_email");
            st.executeUpdate("INSERT INTO " + schema + "people VALUES ('a@example.org', 'Ann again', NULL)");
        }
    }

    @Test
    void aSchemaChangeLateInABatchIsNoticed() throws Exception {
        TestDatabase db = onePerson();
        try (Connection mine = DriverManager.getConnection(db.url("safesqlite.coalesce=0"));
             Connection theirs = DriverManager.getConnection(db.url("safesqlite.coalesce=0"));
             Statement batch = theirs.createStatement()) {
            assertEquals(1, updateByEmail(mine, "by key"));
            batch.addBatch("DELETE FROM orders"); // its backup covers the batch
            batch.addBatch("DROP INDEX people_email");
            batch.executeBatch();
            try (Statement st = theirs.createStatement()) {
                st.executeUpdate("INSERT INTO people VALUES ('a@example.org', 'Ann again', NULL)");
            }
            assertEquals(2, updateByEmail(mine, "every row"));
            assertEquals(List.of("pre-delete", "pre-update"), reasons(db));
        }
    }

    @Test
    void aSchemaChangeOnAConnectionWithoutProtectionIsNoticed() throws Exception {
        TestDatabase db = onePerson();
        try (Connection mine = DriverManager.getConnection(db.url("safesqlite.coalesce=0"));
             Connection unprotected = DriverManager.getConnection(db.url("safesqlite.protect=none"))) {
            assertEquals(1, updateByEmail(mine, "by key"));
            dropKeyAndDuplicate(unprotected, "");
            assertEquals(2, updateByEmail(mine, "every row"));
            assertEquals(List.of("pre-update"), reasons(db));
        }
    }

    @Test
    void aSchemaChangeThroughAnAttachedDatabaseIsNoticed() throws Exception {
        TestDatabase db = onePerson();
        Path other = dir.resolve("other.db");
        String otherUrl = SafeSqliteDriver.PREFIX + other + "?safesqlite.backup.dir=" + dir.resolve("other-backups")
                + "&safesqlite.backup.on.startup=false";
        try (Connection mine = DriverManager.getConnection(db.url("safesqlite.coalesce=0"));
             Connection theirs = DriverManager.getConnection(otherUrl)) {
            assertEquals(1, updateByEmail(mine, "by key"));
            try (Statement st = theirs.createStatement()) {
                st.execute("ATTACH DATABASE '" + db.file() + "' AS app");
            }
            dropKeyAndDuplicate(theirs, "app.");
            assertEquals(2, updateByEmail(mine, "every row"));
            assertEquals(List.of("pre-update"), reasons(db));
        }
    }
}
