package dev.safesqlite.internal.continuous;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.SafeSqlite;
import dev.safesqlite.internal.engine.ProtectedDatabase;
import dev.safesqlite.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore from inside the application's own JVM (SafeSqlite, the console) while continuous
 * protection keeps the database: the keeper's own connections must not make the database look in
 * use; it lets go for the restore and takes over again after it.
 */
class RestoreInTheKeepingJvmTest {

    @TempDir
    Path tmp;

    @Test
    void undoInTheKeepingJvmBringsTheTableBackAndProtectionGoesOn() throws Exception {
        Path db = tmp.resolve("app.db").toAbsolutePath();
        Path backups = tmp.resolve("b");
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = raw.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("CREATE TABLE t(x)");
            st.execute("INSERT INTO t VALUES (1), (2)");
        }
        String url = "jdbc:safesqlite:" + db + "?safesqlite.backup.dir=" + backups
                + "&safesqlite.backup.on.startup=false&safesqlite.continuous=on&safesqlite.continuous.lag=100ms";
        ProtectedDatabase database;
        ContinuousProtection first;
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            database = ProtectedDatabase.all().stream().filter(d -> d.file().equals(db)).findFirst().orElseThrow();
            assertTrue(TestDatabases.eventually(() -> database.continuous() != null && database.continuous().ready()));
            first = database.continuous();
            st.execute("INSERT INTO t VALUES (3)");
            st.execute("DROP TABLE t");
        }
        SafeSqlite api = SafeSqlite.of(db, Map.of("safesqlite.backup.dir", backups.toString()));
        assertEquals(1, api.restorePoints().size(), api.restorePoints().toString());
        api.undo();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT group_concat(x) FROM t")) {
            assertTrue(rs.next());
            assertEquals("1,2,3", rs.getString(1), "the state right before the DROP, the write after the last backup included");
        }
        // A new keeper took over after the restore, and goes on protecting.
        assertTrue(TestDatabases.eventually(() -> database.continuous() != null && database.continuous().ready()));
        assertNotSame(first, database.continuous());
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("DROP TABLE t");
        }
        assertTrue(TestDatabases.eventually(() -> {
            try {
                return api.restorePoints().size() == 2;
            } catch (java.io.IOException e) {
                return false;
            }
        }), "the DROP after the restore took a restore point too");
        assertTrue(Files.exists(db));
        // let go before @TempDir is deleted: a keeper still writing its change files made the
        // deletion fail on a loaded machine
        database.continuous().stop();
    }
}
