package dev.safesqlite;

import static dev.safesqlite.SafeSqliteDriverTest.pragma;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.testing.ChildJvm;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a later connection to a database the JVM already protects still does itself (issue 17
 * made that path shorter): WAL is forced on every connection, and its own settings apply to it.
 */
class LaterConnectionTest {

    @TempDir
    Path tmp;

    @Test
    void walIsForcedAgainAfterAnotherProcessSwitchedTheFileToDelete() throws Exception {
        TestDatabase db = TestDatabase.withOrders(tmp, 3);
        String url = db.url();
        try (Connection c = DriverManager.getConnection(url)) {
            assertEquals("wal", pragma(c, "journal_mode"));
        }
        ChildJvm other = ChildJvm.start(tmp, "switch", ChildJvm.testClassPath(), List.of(), JournalModeSwitchApp.class,
                db.file().toString());
        assertEquals(0, other.waitFor(Duration.ofMinutes(1)), other.stderr());
        assertTrue(other.stdout().contains("mode delete"), "the other process switched it: " + other.stdout());
        try (Connection c = DriverManager.getConnection(url)) {
            assertEquals("wal", pragma(c, "journal_mode"), "the next connection of this JVM forces WAL again");
        }
    }

    @Test
    void aLaterConnectionsOwnSettingsApplyToIt() throws Exception {
        TestDatabase db = TestDatabase.withOrders(tmp, 3);
        try (Connection c = DriverManager.getConnection(db.url())) {
            assertEquals("5000", pragma(c, "busy_timeout"));
        }
        try (Connection c = DriverManager.getConnection(db.url("safesqlite.busy.timeout=777", "safesqlite.wal=false"))) {
            assertEquals("777", pragma(c, "busy_timeout"), "per connection: not the first connection's");
            c.createStatement().execute("PRAGMA journal_mode=DELETE");
        }
        try (Connection c = DriverManager.getConnection(db.url("safesqlite.wal=false"))) {
            assertEquals("delete", pragma(c, "journal_mode"), "wal=false on a later connection leaves the mode alone");
        }
        try (Connection c = DriverManager.getConnection(db.url())) {
            assertEquals("wal", pragma(c, "journal_mode"));
        }
    }
}
