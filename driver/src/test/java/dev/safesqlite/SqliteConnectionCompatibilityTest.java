package dev.safesqlite;

import static dev.safesqlite.SafeSqliteDriverTest.pragma;
import static dev.safesqlite.SafeSqliteDriverTest.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.Function;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.jdbc4.JDBC4Connection;
import org.sqlite.jdbc4.JDBC4PreparedStatement;
import org.sqlite.jdbc4.JDBC4ResultSet;
import org.sqlite.jdbc4.JDBC4Statement;

/**
 * Applications written against sqlite-jdbc cast connections to SQLiteConnection, register
 * functions and handlers, and unwrap. All of that keeps working on the protected connection,
 * and none of it hands out the raw connection.
 */
@ExtendWith(AwaitBackgroundWork.class)
class SqliteConnectionCompatibilityTest {

    @TempDir
    Path dir;
    private TestDatabase db;

    @BeforeEach
    void database() throws Exception {
        db = TestDatabase.withOrders(dir, 3);
    }

    @Test
    void castsAndUnwrapsToSqliteConnectionGiveTheProtectedConnection() throws Exception {
        try (Connection c = DriverManager.getConnection(db.url())) {
            assertTrue(c instanceof SQLiteConnection);
            assertSame(c, c.unwrap(SQLiteConnection.class));
            assertSame(c, c.unwrap(Connection.class));
            assertTrue(c.isWrapperFor(SQLiteConnection.class));
        }
    }

    @Test
    void refusesToUnwrapToSqliteJdbcsOwnClassesAndSaysWhatToUseInstead() throws Exception {
        try (Connection c = DriverManager.getConnection(db.url()); Statement st = c.createStatement();
             PreparedStatement ps = c.prepareStatement("SELECT 1"); ResultSet rs = st.executeQuery("SELECT 1")) {
            SQLException refused = assertThrows(SQLException.class, () -> c.unwrap(JDBC4Connection.class));
            assertTrue(refused.getMessage().contains("org.sqlite.SQLiteConnection"), refused.getMessage());
            assertFalse(c.isWrapperFor(JDBC4Connection.class), "isWrapperFor must agree with unwrap");

            assertThrows(SQLException.class, () -> st.unwrap(JDBC4Statement.class));
            assertFalse(st.isWrapperFor(JDBC4Statement.class));
            assertSame(st, st.unwrap(Statement.class));
            assertThrows(SQLException.class, () -> ps.unwrap(JDBC4PreparedStatement.class));
            assertThrows(SQLException.class, () -> rs.unwrap(JDBC4ResultSet.class));
            assertThrows(SQLException.class, () -> c.getMetaData().unwrap(org.sqlite.core.CoreDatabaseMetaData.class));
            assertFalse(c.isWrapperFor(DataSource.class));
            assertThrows(SQLException.class, () -> c.unwrap(DataSource.class));
            assertThrows(SQLException.class, () -> ((SQLiteConnection) c).getSQLiteDatabaseMetaData());
        }
    }

    @Test
    void functionsAndProgressHandlersRegisterOnTheProtectedConnection() throws Exception {
        try (Connection c = DriverManager.getConnection(db.url()); Statement st = c.createStatement()) {
            Function.create(c, "twice", new Function() {
                @Override
                protected void xFunc() throws SQLException {
                    result(2 * value_int(0));
                }
            });
            assertEquals("42", query(st, "SELECT twice(21)"));

            AtomicInteger progress = new AtomicInteger();
            ProgressHandler.setHandler(c, 1, new ProgressHandler() {
                @Override
                protected int progress() {
                    progress.incrementAndGet();
                    return 0;
                }
            });
            query(st, "SELECT count(*) FROM orders");
            assertTrue(progress.get() > 0, "the handler was not called");
        }
    }

    @Test
    void connectionStateIsTheRawConnectionsState() throws Exception {
        try (Connection c = DriverManager.getConnection(db.url()); Statement st = c.createStatement()) {
            SQLiteConnection sqlite = (SQLiteConnection) c;

            sqlite.setBusyTimeout(1234);
            assertEquals(1234, sqlite.getBusyTimeout());
            assertEquals("1234", pragma(c, "busy_timeout"));

            c.setAutoCommit(false);
            assertFalse(sqlite.getConnectionConfig().isAutoCommit());
            st.executeUpdate("INSERT INTO orders(item, qty) VALUES ('rolled back', 1)");
            c.rollback();
            c.setAutoCommit(true);
            assertEquals("3", query(st, "SELECT count(*) FROM orders"));

            sqlite.setCurrentTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            assertEquals(SQLiteConfig.TransactionMode.IMMEDIATE, sqlite.getCurrentTransactionMode());

            c.setTransactionIsolation(Connection.TRANSACTION_READ_UNCOMMITTED);
            assertEquals(Connection.TRANSACTION_READ_UNCOMMITTED, c.getTransactionIsolation());
            assertEquals("1", pragma(c, "read_uncommitted"));
        }
    }
}
