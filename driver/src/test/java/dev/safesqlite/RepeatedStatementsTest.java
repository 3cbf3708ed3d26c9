package dev.safesqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Statements an application keeps and runs again (issue 17): what the engine decided for them
 * once is reused, and still gives way to a schema change made through any connection.
 */
@ExtendWith(AwaitBackgroundWork.class)
class RepeatedStatementsTest {

    @TempDir
    Path dir;

    /** sqlite-jdbc reopens one ResultSet per statement; the driver hands out one wrapper for it, as sqlite-jdbc hands out one object. */
    @Test
    void aResultSetIsReopenedLikeSqliteJdbcs() throws Exception {
        TestDatabase db = TestDatabase.withOrders(dir, 5);
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + db.file());
             Connection safe = DriverManager.getConnection(db.url());
             PreparedStatement rawQuery = raw.prepareStatement("SELECT qty FROM orders WHERE id = ?");
             PreparedStatement query = safe.prepareStatement("SELECT qty FROM orders WHERE id = ?")) {
            ResultSet rawFirst = rawQuery.executeQuery();
            rawFirst.close();
            assertSame(rawFirst, rawQuery.executeQuery(), "sqlite-jdbc's own behaviour, which the driver follows");

            query.setInt(1, 1);
            ResultSet first = query.executeQuery();
            assertTrue(first.next());
            first.close();
            assertTrue(first.isClosed());
            query.setInt(1, 2);
            ResultSet second = query.executeQuery();
            assertSame(first, second);
            assertFalse(second.isClosed());
            assertTrue(second.next());
            assertSame(query, second.getStatement());
            assertSame(second, second.unwrap(ResultSet.class));
            second.close();

            try (Statement st = safe.createStatement()) {
                ResultSet a = st.executeQuery("SELECT 1");
                a.close();
                ResultSet b = st.executeQuery("SELECT 2");
                assertSame(a, b);
                assertTrue(b.next());
                assertEquals(2, b.getInt(1));
                assertSame(st, b.getStatement());
            }
        }
    }

    @Test
    void aKeptPreparedChangeByKeyNoticesTheKeyDroppedElsewhere() throws Exception {
        TestDatabase db = TestDatabase.withTables(dir, "CREATE TABLE people(email TEXT, note TEXT);"
                + "CREATE UNIQUE INDEX people_email ON people(email);"
                + "INSERT INTO people VALUES ('a@example.org', NULL)");
        try (Connection mine = db.openUncoalesced();
             Connection theirs = db.openUncoalesced();
             PreparedStatement update = mine.prepareStatement("UPDATE people SET note = ? WHERE email = ?")) {
            for (int i = 0; i < 3; i++) {
                update.setString(1, "by key " + i);
                update.setString(2, "a@example.org");
                assertEquals(1, update.executeUpdate());
            }
            assertEquals(List.of(), db.preOperationReasons());
            try (Statement st = theirs.createStatement()) {
                st.executeUpdate("DROP INDEX people_email");
                st.executeUpdate("INSERT INTO people VALUES ('a@example.org', 'again')");
            }
            assertEquals(List.of("pre-ddl"), db.preOperationReasons());
            update.setString(1, "every row");
            update.setString(2, "a@example.org");
            assertEquals(2, update.executeUpdate());
            assertEquals(List.of("pre-ddl", "pre-update"), db.preOperationReasons());
        }
    }

    /** A trigger created later reaches beyond the one row: the same string, run again, is judged again. */
    @Test
    void aRepeatedDeleteByKeyNoticesATriggerCreatedElsewhere() throws Exception {
        TestDatabase db = TestDatabase.withTables(dir, "CREATE TABLE log(id INTEGER PRIMARY KEY, msg TEXT);"
                + "INSERT INTO log(msg) VALUES ('a'), ('b'), ('c')");
        String delete = "DELETE FROM orders WHERE id = (SELECT max(id) FROM orders)";
        try (Connection mine = db.openUncoalesced();
             Connection theirs = DriverManager.getConnection(db.url("safesqlite.protect=none"));
             Statement st = mine.createStatement();
             PreparedStatement prepared = mine.prepareStatement(delete)) {
            assertEquals(1, st.executeUpdate(delete));
            assertEquals(1, st.executeUpdate(delete));
            assertEquals(1, prepared.executeUpdate()); // the last of orders' three rows, by key
            assertEquals(List.of(), db.preOperationReasons());
            try (Statement other = theirs.createStatement()) {
                other.executeUpdate("INSERT INTO orders(item, qty) VALUES ('x', 1), ('y', 1)");
                other.executeUpdate("CREATE TRIGGER wipe AFTER DELETE ON orders BEGIN DELETE FROM log; END");
            }
            st.executeUpdate(delete); // sqlite-jdbc's count includes the trigger's rows
            assertEquals(List.of("pre-delete"), db.preOperationReasons());
            assertEquals(0, TestDatabase.count(mine, "SELECT count(*) FROM log"));
            try (Statement other = theirs.createStatement()) {
                other.executeUpdate("INSERT INTO log(msg) VALUES ('d')");
            }
            prepared.executeUpdate();
            assertEquals(List.of("pre-delete", "pre-delete"), db.preOperationReasons());
            assertEquals(0, TestDatabase.count(mine, "SELECT count(*) FROM orders"));
        }
    }

    /** A correlated scalar subquery gives each row its own key: it is counted, and here it matches every row. */
    @Test
    void aDeleteByACorrelatedSubqueryIsCounted() throws Exception {
        TestDatabase db = TestDatabase.withOrders(dir, 3);
        try (Connection c = db.openUncoalesced(); Statement st = c.createStatement()) {
            assertEquals(1, st.executeUpdate("DELETE FROM orders WHERE id = (SELECT max(id) FROM orders)"));
            assertEquals(List.of(), db.preOperationReasons());
            assertEquals(2, st.executeUpdate(
                    "DELETE FROM orders WHERE id = (SELECT o.id FROM orders AS o WHERE o.id = orders.id)"));
            assertEquals(List.of("pre-delete"), db.preOperationReasons());
        }
    }
}
