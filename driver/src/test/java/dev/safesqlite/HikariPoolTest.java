package dev.safesqlite;

import static dev.safesqlite.SafeSqliteDriverTest.pragma;
import static dev.safesqlite.SafeSqliteDriverTest.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/**
 * SafeSQLite behind a real HikariCP pool, configured each way Hikari (and Spring Boot) allows:
 * the pool's own calls (isValid, setNetworkTimeout, setReadOnly, setTransactionIsolation, abort)
 * work, and a destructive statement through the pool is backed up first.
 */
@ExtendWith(AwaitBackgroundWork.class)
class HikariPoolTest {

    private static final int ORDERS = 20;

    @TempDir
    Path dir;
    private TestDatabase db;

    @BeforeEach
    void database() throws Exception {
        db = TestDatabase.withOrders(dir, ORDERS);
    }

    private HikariConfig pool() {
        HikariConfig config = new HikariConfig();
        config.setMaximumPoolSize(2);
        config.setPoolName("safesqlite-test");
        return config;
    }

    @Test
    void withDriverClassName() throws Exception {
        HikariConfig config = pool();
        config.setDriverClassName(SafeSqliteDriver.class.getName());
        config.setJdbcUrl(db.url());
        try (HikariDataSource pool = new HikariDataSource(config)) {
            deleteEveryOrderThrough(pool);
        }
    }

    @Test
    void withOnlyAJdbcUrl() throws Exception {
        HikariConfig config = pool();
        config.setJdbcUrl(db.url());
        try (HikariDataSource pool = new HikariDataSource(config)) {
            deleteEveryOrderThrough(pool);
        }
    }

    @Test
    void withDataSourceClassName() throws Exception {
        HikariConfig config = pool();
        config.setDataSourceClassName(SafeSqliteDataSource.class.getName());
        config.addDataSourceProperty("url", "jdbc:safesqlite:" + db.file());
        config.addDataSourceProperty("backupDir", db.backupDir().toString());
        config.addDataSourceProperty("backupOnStartup", "false");
        try (HikariDataSource pool = new HikariDataSource(config)) {
            deleteEveryOrderThrough(pool);
        }
    }

    private void deleteEveryOrderThrough(HikariDataSource pool) throws Exception {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            assertTrue(c.isWrapperFor(SQLiteConnection.class), "Hikari's proxy should lead to SafeSQLite's connection");
            assertTrue(c.isValid(1));
            assertEquals(String.valueOf(ORDERS), query(st, "SELECT count(*) FROM orders"));
            assertEquals(ORDERS, st.executeUpdate("DELETE FROM orders"));
        }
        List<BackupInfo> backups = db.preOperationBackups();
        assertEquals(1, backups.size());
        assertEquals("pre-delete", backups.get(0).reason());
        assertEquals(ORDERS, backups.get(0).tables().get("orders"));
    }

    @Test
    void thePoolsConnectionSettingsReachTheDatabase() throws Exception {
        HikariConfig config = pool();
        config.setDriverClassName(SafeSqliteDriver.class.getName());
        // sqlite-jdbc lets read-only be switched on an open connection only with explicit_readonly.
        config.setJdbcUrl(db.url("jdbc.explicit_readonly=true"));
        config.setReadOnly(true);
        config.setTransactionIsolation("TRANSACTION_READ_UNCOMMITTED");
        try (HikariDataSource pool = new HikariDataSource(config); Connection c = pool.getConnection()) {
            assertTrue(c.isReadOnly());
            assertEquals(Connection.TRANSACTION_READ_UNCOMMITTED, c.getTransactionIsolation());
            assertEquals("1", pragma(c, "read_uncommitted"));
        }
    }

    @Test
    void closingThePoolAbortsABorrowedConnectionAndReleasesTheFile() throws Exception {
        HikariConfig config = pool();
        config.setJdbcUrl(db.url());
        config.setMaximumPoolSize(1);
        HikariDataSource pool = new HikariDataSource(config);
        Connection borrowed = pool.getConnection();
        SQLiteConnection protectedConnection = borrowed.unwrap(SQLiteConnection.class);

        pool.close(); // aborts connections still in use, and waits for the aborts to finish

        assertTrue(protectedConnection.isClosed());
        assertEquals(0, db.openHandles(), "the aborted connection still holds the database file");
    }
}
