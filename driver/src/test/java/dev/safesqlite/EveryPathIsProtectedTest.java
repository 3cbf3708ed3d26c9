package dev.safesqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A destructive statement sent through each way JDBC offers leaves a backup of the database as
 * it was before the statement, and the statement then runs. Observed from the outside: the
 * backup files and the database itself.
 */
@ExtendWith(AwaitBackgroundWork.class)
class EveryPathIsProtectedTest {

    private static final int ORDERS = 20;

    @TempDir
    Path dir;

    /** One way of sending a destructive statement, and the backup reason it must produce. */
    record Route(String name, String reason, Sending sending) {
        @Override
        public String toString() {
            return name;
        }
    }

    interface Sending {
        void send(Connection c) throws SQLException;
    }

    static Stream<Route> routes() {
        return Stream.of(
                new Route("Statement.execute", "pre-ddl", c -> statement(c).execute("DROP TABLE orders")),
                new Route("Statement.execute(sql, keys)", "pre-ddl",
                        c -> statement(c).execute("DROP TABLE orders", Statement.RETURN_GENERATED_KEYS)),
                new Route("Statement.executeUpdate", "pre-ddl", c -> statement(c).executeUpdate("DROP TABLE orders")),
                new Route("Statement.executeUpdate(sql, keys)", "pre-ddl",
                        c -> statement(c).executeUpdate("DROP TABLE orders", Statement.NO_GENERATED_KEYS)),
                new Route("Statement.executeLargeUpdate", "pre-ddl",
                        c -> statement(c).executeLargeUpdate("DROP TABLE orders")),
                new Route("Statement.executeLargeUpdate(sql, keys)", "pre-ddl",
                        c -> statement(c).executeLargeUpdate("DROP TABLE orders", Statement.NO_GENERATED_KEYS)),
                new Route("Statement.executeUpdate, second of two statements", "pre-ddl",
                        c -> statement(c).executeUpdate("UPDATE orders SET qty = qty WHERE id = 1; DROP TABLE orders")),
                new Route("Statement.executeQuery of DELETE ... RETURNING", "pre-delete",
                        c -> drain(statement(c).executeQuery("DELETE FROM orders RETURNING id"))),
                new Route("Statement.executeBatch", "pre-ddl", c -> {
                    Statement st = statement(c);
                    st.addBatch("INSERT INTO orders(item, qty) VALUES ('new', 1)");
                    st.addBatch("DROP TABLE orders");
                    st.executeBatch();
                }),
                new Route("Statement.executeLargeBatch", "pre-ddl", c -> {
                    Statement st = statement(c);
                    st.addBatch("DROP TABLE orders");
                    st.executeLargeBatch();
                }),
                new Route("PreparedStatement.execute", "pre-ddl", c -> c.prepareStatement("DROP TABLE orders").execute()),
                new Route("PreparedStatement.executeUpdate", "pre-ddl",
                        c -> c.prepareStatement("DROP TABLE orders").executeUpdate()),
                new Route("PreparedStatement.executeLargeUpdate", "pre-ddl",
                        c -> c.prepareStatement("DROP TABLE orders").executeLargeUpdate()),
                new Route("PreparedStatement with a bound value matching every row", "pre-delete", c -> {
                    PreparedStatement ps = c.prepareStatement("DELETE FROM orders WHERE qty >= ?");
                    ps.setInt(1, 0);
                    ps.executeUpdate();
                }),
                new Route("PreparedStatement.executeQuery of DELETE ... RETURNING", "pre-delete", c -> {
                    PreparedStatement ps = c.prepareStatement("DELETE FROM orders WHERE id > ? RETURNING id");
                    ps.setLong(1, 0);
                    drain(ps.executeQuery());
                }),
                new Route("PreparedStatement.setObject with a target type", "pre-delete", c -> {
                    PreparedStatement ps = c.prepareStatement("DELETE FROM orders WHERE qty >= ?");
                    ps.setObject(1, 0, Types.INTEGER);
                    ps.execute();
                }),
                new Route("PreparedStatement UPDATE of every row", "pre-update", c -> {
                    PreparedStatement ps = c.prepareStatement("UPDATE orders SET qty = ?");
                    ps.setInt(1, 7);
                    ps.executeUpdate();
                }),
                new Route("PreparedStatement.executeBatch, the second entry bulk", "pre-delete", c -> {
                    PreparedStatement ps = c.prepareStatement("DELETE FROM orders WHERE id > ?");
                    ps.setInt(1, 1000);
                    ps.addBatch();
                    ps.setInt(1, 0);
                    ps.addBatch();
                    ps.executeBatch();
                }),
                new Route("PreparedStatement.executeLargeBatch", "pre-delete", c -> {
                    PreparedStatement ps = c.prepareStatement("DELETE FROM orders WHERE id > ?");
                    ps.setInt(1, 0);
                    ps.addBatch();
                    ps.executeLargeBatch();
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void aDestructiveStatementIsBackedUpBeforeItRuns(Route route) throws Exception {
        TestDatabase db = TestDatabase.withOrders(dir, ORDERS);
        try (Connection c = DriverManager.getConnection(db.url())) {
            route.sending().send(c);
            assertTrue(ordersChanged(c), "the statement should have run");
        }
        List<BackupInfo> backups = db.preOperationBackups();
        assertEquals(1, backups.size(), "one backup before the statement");
        assertEquals(route.reason(), backups.get(0).reason());
        assertEquals(ORDERS, backups.get(0).tables().get("orders"), "the backup holds the state before the statement");
    }

    @Test
    void preparingADestructiveStatementTakesNoBackup() throws Exception {
        TestDatabase db = TestDatabase.withOrders(dir, ORDERS);
        try (Connection c = DriverManager.getConnection(db.url());
             PreparedStatement never = c.prepareStatement("DROP TABLE orders")) {
            assertEquals(ORDERS, count(c));
        }
        assertEquals(List.of(), db.preOperationBackups());
    }

    @Test
    void theEngineJudgesAPreparedStatementByItsBoundValues() throws Exception {
        TestDatabase db = TestDatabase.withOrders(dir, ORDERS);
        try (Connection c = DriverManager.getConnection(db.url());
             PreparedStatement ps = c.prepareStatement("DELETE FROM orders WHERE qty >= ?")) {
            ps.setInt(1, 100); // matches nothing
            assertEquals(0, ps.executeUpdate());
        }
        assertEquals(List.of(), db.preOperationBackups(), "a value the engine did not see would count as unknown");
    }

    @Test
    void clearParametersForgetsEveryBoundValue() throws Exception {
        TestDatabase db = TestDatabase.withOrders(dir, ORDERS);
        try (Connection c = DriverManager.getConnection(db.url());
             PreparedStatement ps = c.prepareStatement("DELETE FROM orders WHERE qty >= ? OR id > ?")) {
            ps.setInt(1, 100);
            ps.setInt(2, 0);
            ps.clearParameters();
            ps.setInt(1, 100); // parameter 2 is now NULL: the DELETE matches nothing
            assertEquals(0, ps.executeUpdate());
        }
        assertEquals(List.of(), db.preOperationBackups(), "the engine still saw the cleared value of parameter 2");
    }

    @Test
    void aClearedBatchIsNotJudged() throws Exception {
        TestDatabase db = TestDatabase.withOrders(dir, ORDERS);
        try (Connection c = DriverManager.getConnection(db.url()); Statement st = c.createStatement()) {
            st.addBatch("DROP TABLE orders");
            st.clearBatch();
            st.addBatch("INSERT INTO orders(item, qty) VALUES ('new', 1)");
            st.executeBatch();
            assertEquals(ORDERS + 1, count(c));
        }
        assertEquals(List.of(), db.preOperationBackups());
    }

    @Test
    void aStatementThatCannotBeProtectedDoesNotRun() throws Exception {
        TestDatabase db = TestDatabase.withOrders(dir, ORDERS);
        Files.writeString(db.backupDir(), "a file where the backup directory should be");
        try (Connection c = DriverManager.getConnection(db.url("safesqlite.on.failure=block"));
             Statement st = c.createStatement()) {
            SQLException blocked = assertThrows(SQLException.class, () -> st.execute("DROP TABLE orders"));
            assertEquals("SS001", blocked.getSQLState());
            assertEquals(ORDERS, count(c), "the DROP ran although no backup could be taken");
        }
    }

    @Test
    void callableStatementsAreRefusedAsSqliteJdbcRefusesThem() throws Exception {
        TestDatabase db = TestDatabase.withOrders(dir, ORDERS);
        try (Connection c = DriverManager.getConnection(db.url())) {
            assertThrows(SQLException.class, () -> c.prepareCall("DROP TABLE orders"));
            assertEquals(ORDERS, count(c));
        }
    }

    @Test
    void sqlStringMethodsOfAPreparedStatementAreRefusedAndRunNothing() throws Exception {
        TestDatabase db = TestDatabase.withOrders(dir, ORDERS);
        try (Connection c = DriverManager.getConnection(db.url());
             PreparedStatement ps = c.prepareStatement("SELECT 1")) {
            assertThrows(SQLException.class, () -> ps.execute("DROP TABLE orders"));
            assertThrows(SQLException.class, () -> ps.executeUpdate("DROP TABLE orders"));
            assertThrows(SQLException.class, () -> ps.addBatch("DROP TABLE orders"));
            assertEquals(ORDERS, count(c));
        }
        assertEquals(List.of(), db.preOperationBackups());
    }

    private static Statement statement(Connection c) throws SQLException {
        return c.createStatement();
    }

    private static void drain(ResultSet rs) throws SQLException {
        try (rs) {
            while (rs.next()) {
                rs.getLong(1);
            }
        }
    }

    /** Dropped, emptied, or every qty set to 7. */
    private static boolean ordersChanged(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), sum(qty = 7) FROM orders")) {
            rs.next();
            long rows = rs.getLong(1);
            return rows < ORDERS || rs.getLong(2) == rows;
        } catch (SQLException e) {
            if (e.getMessage().contains("no such table")) {
                return true;
            }
            throw e;
        }
    }

    private static long count(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM orders")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
