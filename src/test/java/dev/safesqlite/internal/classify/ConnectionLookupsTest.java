package dev.safesqlite.internal.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.testing.SqliteFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionLookupsTest {

    @TempDir
    Path dir;

    @Test
    void keepsABoundedNumberOfStatementsAndClosesThem() throws SQLException {
        try (Connection connection = SqliteFiles.open(dir.resolve("a.db"));
             ConnectionLookups lookups = new ConnectionLookups(connection, new SchemaChanges())) {
            for (int i = 0; i < ConnectionLookups.MAX_STATEMENTS + 10; i++) {
                assertEquals(i, lookups.count("SELECT ? + " + i, new Object[] {0}));
            }
            assertEquals(ConnectionLookups.MAX_STATEMENTS, lookups.heldStatements());
            lookups.close();
            assertEquals(0, lookups.heldStatements());
        }
    }

    @Test
    void aStatementThatWentStaleIsPreparedAfresh() throws SQLException {
        try (Connection connection = SqliteFiles.open(dir.resolve("a.db"));
             Statement statement = connection.createStatement();
             ConnectionLookups lookups = new ConnectionLookups(connection, new SchemaChanges())) {
            statement.executeUpdate("CREATE TABLE t(x); INSERT INTO t VALUES (1)");
            String count = "SELECT count(*) FROM t WHERE x > ?";
            assertEquals(1, lookups.count(count, new Object[] {0}));
            statement.executeUpdate("DROP TABLE t");
            assertThrows(SQLException.class, () -> lookups.count(count, new Object[] {0}));
            statement.executeUpdate("CREATE TABLE t(x); INSERT INTO t VALUES (1), (2)");
            assertEquals(2, lookups.count(count, new Object[] {0}));
        }
    }

    @Test
    void namesAreFoundInAnyCaseAndQuoting() throws SQLException {
        try (Connection connection = SqliteFiles.open(dir.resolve("a.db"));
             Statement statement = connection.createStatement();
             ConnectionLookups lookups = new ConnectionLookups(connection, new SchemaChanges())) {
            statement.executeUpdate("CREATE TABLE \"Odd \"\"Name\"(x); CREATE TEMP VIEW v AS SELECT 1");
            assertTrue(lookups.exists("MAIN", ObjectType.TABLE, "odd \"name"));
            assertFalse(lookups.exists("main", ObjectType.INDEX, "Odd \"Name"));
            assertEquals("temp", lookups.resolve(ObjectType.VIEW, "V"));
            assertEquals("main", lookups.resolve(ObjectType.TABLE, "ODD \"NAME"));
        }
    }

    @Test
    void preparingTellsAMissingTableFromAWorkingStatement() throws SQLException {
        try (Connection connection = SqliteFiles.open(dir.resolve("a.db"));
             Statement statement = connection.createStatement();
             ConnectionLookups lookups = new ConnectionLookups(connection, new SchemaChanges())) {
            statement.executeUpdate("CREATE TABLE t(x); INSERT INTO t VALUES (1)");
            assertTrue(lookups.failsToPrepare("DELETE FROM missing"));
            assertFalse(lookups.failsToPrepare("DELETE FROM t"));
            assertEquals(1, lookups.count("SELECT count(*) FROM t", new Object[0]), "preparing ran nothing");
        }
    }
}
