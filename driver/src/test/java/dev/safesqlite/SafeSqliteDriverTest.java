package dev.safesqlite;

import dev.safesqlite.internal.backup.InternalConnection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/** The URL and properties of {@code jdbc:safesqlite:}: what reaches sqlite-jdbc, what stays ours, what fails. */
@ExtendWith(AwaitBackgroundWork.class)
class SafeSqliteDriverTest {

    @TempDir
    Path dir;

    @Test
    void isFoundByDriverManagerAndServiceLoaderAndLeavesJdbcSqliteToSqliteJdbc() throws Exception {
        assertInstanceOf(SafeSqliteDriver.class, DriverManager.getDriver("jdbc:safesqlite:/data/app.db"));
        assertInstanceOf(org.sqlite.JDBC.class, DriverManager.getDriver("jdbc:sqlite:/data/app.db"));
        assertTrue(ServiceLoader.load(Driver.class).stream().anyMatch(p -> p.type() == SafeSqliteDriver.class));
    }

    @Test
    void acceptsOnlyItsOwnPrefix() throws Exception {
        Driver driver = new SafeSqliteDriver();
        assertTrue(driver.acceptsURL("jdbc:safesqlite:/data/app.db"));
        assertTrue(driver.acceptsURL("JDBC:SafeSQLite:/data/app.db"), "matched without case, as sqlite-jdbc matches its own");
        assertFalse(driver.acceptsURL("jdbc:sqlite:/data/app.db"));
        assertFalse(driver.acceptsURL("jdbc:safesqlite"));
        assertFalse(driver.acceptsURL(" jdbc:safesqlite:/data/app.db"));
        assertNull(driver.connect("jdbc:sqlite:" + dir.resolve("other.db"), new Properties()),
                "JDBC: another driver's URL is answered with null");
        assertThrows(SQLException.class, () -> driver.acceptsURL(null));
    }

    @Test
    void removesItsOwnParametersAndPropertiesAndPassesEverythingElseToSqliteJdbc() throws Exception {
        TestDatabase db = TestDatabase.withOrders(dir, 3);
        Properties properties = new Properties();
        properties.setProperty("foreign_keys", "true");
        properties.setProperty("safesqlite.bulk.rows", "50");
        String url = "jdbc:safesqlite:" + db.file() + "?busy_timeout=1234&safesqlite.backup.dir=" + db.backupDir()
                + "&journal_mode=TRUNCATE&safesqlite.wal=false&safesqlite.backup.on.startup=false";
        try (Connection c = DriverManager.getConnection(url, properties)) {
            SQLiteConnection sqlite = c.unwrap(SQLiteConnection.class);
            assertEquals("jdbc:sqlite:" + db.file() + "?busy_timeout=1234&journal_mode=TRUNCATE", sqlite.getUrl());
            Properties seen = sqlite.getDatabase().getConfig().toProperties();
            assertTrue(seen.stringPropertyNames().stream()
                    .noneMatch(name -> name.startsWith("safesqlite.") && !name.equals(InternalConnection.MARKER)),
                    "sqlite-jdbc saw a SafeSQLite setting");
            // The one key of ours it sees is the marker that keeps the agent from protecting it twice.
            assertEquals("driver", seen.getProperty(InternalConnection.MARKER));
            assertEquals("1234", pragma(c, "busy_timeout"));
            assertEquals("truncate", pragma(c, "journal_mode"));
            assertEquals("1", pragma(c, "foreign_keys"));
        }
        // sqlite-jdbc makes an unknown parameter of a plain path part of the file name.
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains("?")), "a file named after a parameter");
        }
    }

    @Test
    void busyTimeoutSettingAppliesWhenTheUrlSetsNone() throws Exception {
        TestDatabase db = TestDatabase.withOrders(dir, 1);
        try (Connection c = DriverManager.getConnection(db.url("safesqlite.busy.timeout=777"))) {
            assertEquals("777", pragma(c, "busy_timeout"));
        }
        try (Connection c = DriverManager.getConnection(db.url("safesqlite.busy.timeout=777", "busy_timeout=1500"))) {
            assertEquals("1500", pragma(c, "busy_timeout"), "sqlite-jdbc's own parameter wins");
        }
    }

    @Test
    void opensReadOnlyFileUris() throws Exception {
        TestDatabase db = TestDatabase.withOrders(dir, 4);
        String url = "jdbc:safesqlite:file:" + db.file() + "?mode=ro&safesqlite.backup.dir=" + db.backupDir()
                + "&safesqlite.backup.on.startup=false";
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            assertEquals("4", query(st, "SELECT count(*) FROM orders"));
            SQLException refused = assertThrows(SQLException.class,
                    () -> st.executeUpdate("INSERT INTO orders(item, qty) VALUES ('x', 1)"));
            assertTrue(refused.getMessage().contains("readonly"), refused.getMessage());
        }
    }

    @Test
    void opensInMemoryDatabases() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:safesqlite::memory:"); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE t(x)");
            st.executeUpdate("INSERT INTO t VALUES (41), (1)");
            assertEquals("42", query(st, "SELECT sum(x) FROM t"));
        }
    }

    @Test
    void aBadSettingFailsBeforeTheDatabaseIsOpenedNamingKeyValueAndSource() throws Exception {
        TestDatabase db = TestDatabase.withOrders(dir, 1);
        SQLException badValue = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(db.url("safesqlite.retain.last=ten")));
        assertMentions(badValue, "safesqlite.retain.last", "ten", "URL");

        SQLException unknownKey = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(db.url("safesqlite.bakup.dir=/elsewhere")));
        assertMentions(unknownKey, "safesqlite.bakup.dir", "URL");

        Properties properties = new Properties();
        properties.setProperty("safesqlite.coalesce", "soon");
        SQLException badProperty = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(db.url(), properties));
        assertMentions(badProperty, "safesqlite.coalesce", "soon", "connection properties");

        assertEquals(0, db.openHandles(), "a failed connection left the database open");
    }

    @Test
    void aFileThatIsNotADatabaseFailsWithAnSqlExceptionAndIsLeftClosedAndUnchanged() throws Exception {
        Path junk = dir.resolve("notes.db");
        byte[] text = "these are notes, not an SQLite database\n".repeat(200).getBytes(StandardCharsets.UTF_8);
        Files.write(junk, text);
        TestDatabase db = new TestDatabase(junk, dir.resolve("backups"));

        // sqlite-jdbc opens such a file without complaint; protecting it reads it, fails, and must close it.
        assertThrows(SQLException.class, () -> DriverManager.getConnection(db.url()));

        assertEquals(0, db.openHandles(), "the raw connection was not closed after the failure");
        assertArrayEquals(text, Files.readAllBytes(junk));
    }

    @Test
    void aMissingDirectoryFailsWithAnSqlException() {
        TestDatabase db = new TestDatabase(dir.resolve("no/such/dir/app.db"), dir.resolve("backups"));
        assertThrows(SQLException.class, () -> DriverManager.getConnection(db.url()));
    }

    @Test
    void closeAndAbortReleaseTheFile() throws Exception {
        TestDatabase db = TestDatabase.withOrders(dir, 1);
        Connection closed = DriverManager.getConnection(db.url());
        assertTrue(db.openHandles() > 0, "the connection should hold the file open");
        closed.close();
        assertEquals(0, db.openHandles());

        Connection aborted = DriverManager.getConnection(db.url());
        aborted.abort(Runnable::run);
        assertTrue(aborted.isClosed());
        assertEquals(0, db.openHandles(), "sqlite-jdbc's own abort() closes nothing; ours must");
    }

    @Test
    void describesSqliteJdbcPropertiesAndItsOwnSettings() throws Exception {
        DriverPropertyInfo[] info = new SafeSqliteDriver()
                .getPropertyInfo("jdbc:safesqlite:/data/app.db?safesqlite.backup.dir=/backups", new Properties());
        Map<String, String> byName = new java.util.HashMap<>();
        Arrays.stream(info).forEach(p -> byName.put(p.name, p.value));
        assertTrue(byName.containsKey("journal_mode"), "sqlite-jdbc's properties are listed");
        assertEquals("/backups", byName.get("safesqlite.backup.dir"));
        assertEquals("1000", byName.get("safesqlite.bulk.rows"));
    }

    @Test
    void reportsSqliteJdbcsVersion() {
        Driver driver = new SafeSqliteDriver();
        org.sqlite.JDBC sqlite = new org.sqlite.JDBC();
        assertEquals(sqlite.getMajorVersion(), driver.getMajorVersion());
        assertEquals(sqlite.getMinorVersion(), driver.getMinorVersion());
        assertEquals(sqlite.jdbcCompliant(), driver.jdbcCompliant());
    }

    private static void assertMentions(SQLException e, String... parts) {
        assertNotNull(e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
        }
    }

    static String pragma(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement()) {
            return query(st, "PRAGMA " + name);
        }
    }

    static String query(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next(), "no row from " + sql);
            return rs.getString(1);
        }
    }
}
