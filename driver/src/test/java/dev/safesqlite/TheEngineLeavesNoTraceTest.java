package dev.safesqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the engine runs on the application's connection to judge a statement leaves nothing the
 * application can notice (issue 16): each case runs the same steps through raw sqlite-jdbc and
 * through jdbc:safesqlite:, and both must behave alike.
 */
@ExtendWith(AwaitBackgroundWork.class)
class TheEngineLeavesNoTraceTest {

    @TempDir
    Path dir;

    private interface Steps {
        Object run(Connection c) throws Exception;
    }

    /** The result of {@code steps} on a fresh copy of the database, raw and through SafeSQLite. */
    private List<Object> rawAndSafe(Steps steps, String... extraSettings) throws Exception {
        List<Object> results = new ArrayList<>();
        for (boolean safe : new boolean[] {false, true}) {
            TestDatabase db = TestDatabase.withOrders(java.nio.file.Files.createDirectories(dir.resolve(safe ? "safe" : "raw")), 40);
            List<String> settings = new ArrayList<>(List.of(extraSettings));
            settings.add("safesqlite.coalesce=0");
            try (Connection c = DriverManager.getConnection(
                    safe ? db.url(settings.toArray(new String[0])) : "jdbc:sqlite:" + db.file())) {
                results.add(steps.run(c));
            }
        }
        return results;
    }

    private static long single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void twoThreadsSharingAConnectionNeverGetSqliteLockedOnDrop() throws Exception {
        List<Object> failures = rawAndSafe(c -> {
            List<String> failed = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean done = new AtomicBoolean();
            Thread counting = new Thread(() -> {
                try (Statement st = c.createStatement()) {
                    while (!done.get()) {
                        st.executeUpdate("DELETE FROM orders WHERE qty = 99"); // counted by the engine, matches nothing
                    }
                } catch (SQLException e) {
                    failed.add("delete: " + e.getMessage());
                }
            });
            counting.start();
            try (Statement st = c.createStatement()) {
                for (int k = 0; k < 3000; k++) { // the old engine failed within about 3,000 rounds
                    try {
                        st.executeUpdate("CREATE TABLE scratch(a)");
                        st.executeUpdate("DROP TABLE scratch");
                    } catch (SQLException e) {
                        failed.add("ddl: " + e.getMessage());
                        break;
                    }
                }
            } finally {
                done.set(true);
                counting.join();
            }
            return failed;
        }, "safesqlite.protect=bulk-delete,bulk-update");
        assertEquals(List.of(List.of(), List.of()), failures);
    }

    @Test
    void detachInsideATransactionWorksAsItDoesRaw() throws Exception {
        Path other = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE things(id INTEGER PRIMARY KEY, name TEXT)");
        }
        List<Object> outcomes = rawAndSafe(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("ATTACH '" + other + "' AS aux");
                c.setAutoCommit(false);
                st.executeUpdate("DELETE FROM orders WHERE id = 3"); // by key: the engine reads its plan
                st.executeUpdate("UPDATE orders SET qty = qty WHERE qty = 1"); // counted
                st.execute("DETACH aux");
                c.commit();
                return single(st, "SELECT count(*) FROM pragma_database_list WHERE name = 'aux'");
            } catch (SQLException e) {
                return e.getMessage();
            }
        });
        assertEquals(List.of(0L, 0L), outcomes);
    }

    @Test
    void changesReadWhileAKeyedDeleteReturnsRowsIsTheOneBefore() throws Exception {
        List<Object> seen = rawAndSafe(c -> {
            try (Statement st = c.createStatement(); Statement other = c.createStatement()) {
                st.executeUpdate("UPDATE orders SET qty = 0 WHERE id <= 3");
                long middle;
                try (ResultSet rows = st.executeQuery("DELETE FROM orders WHERE id = 1 RETURNING id")) {
                    rows.next();
                    middle = single(other, "SELECT changes()");
                }
                long after = single(other, "SELECT changes()");
                return List.of(middle, after);
            }
        });
        assertEquals(List.of(List.of(3L, 1L), List.of(3L, 1L)), seen);
    }

    @Test
    void getUpdateCountAfterAnInspectedStatementIsItsOwn() throws Exception {
        List<Object> counts = rawAndSafe(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("UPDATE orders SET qty = 1 WHERE id <= 7");
                List<Integer> out = new ArrayList<>(List.of(st.getUpdateCount()));
                st.execute("DELETE FROM orders WHERE id = 2");
                out.add(st.getUpdateCount());
                st.execute("DELETE FROM orders WHERE qty = 1 AND id < 5");
                out.add(st.getUpdateCount());
                return out;
            }
        });
        assertEquals(List.of(List.of(7, 1, 3), List.of(7, 1, 3)), counts);
    }
}
