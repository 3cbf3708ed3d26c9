package dev.safesqlite.cli;

import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static dev.safesqlite.testing.TestDatabases.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.safesqlite.internal.backup.Manifest;
import dev.safesqlite.internal.engine.ProtectedDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** restore, run as the jar: undo after DROP TABLE, dry run, confirmation, a held database, a damaged backup. */
class RestoreIT {

    @TempDir
    Path tmp;

    @Test
    void undoAfterDropTableBringsTheTableAndItsRowsBackAndKeepsTheDroppedStateInAPreRestoreBackup() throws Exception {
        Path db = ordersDatabase(tmp.resolve("shop.db"), 1234);
        Sqlite.run(db, "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT)", "INSERT INTO customers(name) VALUES ('ada')");
        // The engine takes the pre-ddl backup exactly as ProtectedConnection does before a DROP
        // (ProtectedDatabase.backup with the statement as trigger), then the DROP runs.
        ProtectedDatabase engine = ProtectedDatabase.detached(db, settings("backup.on.startup", "false"));
        engine.backup("pre-ddl", new Manifest.Trigger("DROP TABLE orders", "conn-1@test", "main"), engine.settings(), false);
        Sqlite.run(db, "DROP TABLE orders");
        assertEquals("0", Sqlite.text(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'orders'"));

        Cli cli = new Cli(tmp);
        Cli.Run dryRun = cli.run("restore", db.toString(), "--undo", "--dry-run");
        assertEquals(0, dryRun.exit(), dryRun.toString());
        assertTrue(dryRun.out().contains("reason pre-ddl, before: DROP TABLE orders"), dryRun.toString());
        assertTrue(dryRun.out().matches("(?s).*orders\\s+-\\s+1234\\s+appears.*"), dryRun.toString());
        assertTrue(dryRun.out().contains("tables that come back: orders"), dryRun.toString());

        Cli.Run undo = cli.run("restore", db.toString(), "--undo", "--yes", "--json");
        assertEquals(0, undo.exit(), undo.toString());
        assertTrue(undo.json().get("restored").getAsBoolean(), undo.toString());
        assertEquals(1234, Sqlite.count(db, "orders"));
        assertEquals(1, Sqlite.count(db, "customers"));
        assertEquals("wal", Sqlite.text(db, "PRAGMA journal_mode"), "the database was in WAL mode and still is");

        Path preRestore = Path.of(undo.json().get("preRestore").getAsString());
        assertTrue(preRestore.getFileName().toString().endsWith("_pre-restore.db"), undo.toString());
        assertEquals("0", Sqlite.text(preRestore, "SELECT count(*) FROM sqlite_schema WHERE name = 'orders'"),
                "the pre-restore backup holds the state with the table dropped");
        assertEquals(1, Sqlite.count(preRestore, "customers"));
        JsonArray listed = cli.run("list", db.toString(), "--json").json().getAsJsonArray("backups");
        assertEquals("pre-restore", listed.get(0).getAsJsonObject().get("reason").getAsString());
        assertEquals(List.of("backups", "shop.db"), Sqlite.names(tmp).stream()
                .filter(n -> !n.startsWith("sqlite-") && !n.startsWith("shop.db-")).toList(),
                "no temporary copy or kept original beside the database");
    }

    @Test
    void withoutATerminalAndWithoutYesNothingIsDone() throws Exception {
        Path db = ordersDatabase(tmp.resolve("q.db"), 10);
        Cli cli = new Cli(tmp);
        assertEquals(0, cli.run("backup", db.toString()).exit());
        Sqlite.run(db, "DELETE FROM orders");
        Cli.Run r = cli.run("restore", db.toString(), "--latest");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--yes"), r.toString());
        assertEquals(0, Sqlite.count(db, "orders"));
        assertEquals(1, cli.run("list", db.toString(), "--json").json().getAsJsonArray("backups").size(),
                "not even a pre-restore backup was taken");
    }

    @Test
    void refusesWhileAnotherProcessHoldsTheDatabaseOpenAndNamesIt() throws Exception {
        Path db = ordersDatabase(tmp.resolve("held.db"), 10);
        Cli cli = new Cli(tmp);
        assertEquals(0, cli.run("backup", db.toString()).exit());
        Sqlite.run(db, "DELETE FROM orders WHERE id > 3");
        Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), HoldOpen.class.getName(), db.toString()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream()));
            assertEquals("holding", out.readLine());
            Cli.Run r = cli.run("restore", db.toString(), "--latest", "--yes");
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.err().contains(db + " is open in another process"), r.toString());
            assertTrue(r.err().contains("held.db-wal") && r.err().contains("stop the application"), r.toString());
            assertEquals(3, Sqlite.count(db, "orders"), "unchanged");
        } finally {
            app.getOutputStream().close();
            app.waitFor();
        }
        Cli.Run after = cli.run("restore", db.toString(), "--latest", "--yes");
        assertEquals(0, after.exit(), "once the application is gone, the restore runs: " + after);
        assertEquals(10, Sqlite.count(db, "orders"));
    }

    @Test
    void aDamagedBackupIsNotRestoredAndExitsThree() throws Exception {
        Path db = ordersDatabase(tmp.resolve("d.db"), 300);
        Cli cli = new Cli(tmp);
        Cli.Run b = cli.run("backup", db.toString(), "--json");
        Path backup = Path.of(b.json().get("file").getAsString());
        byte[] bytes = Files.readAllBytes(backup);
        bytes[bytes.length - 100] ^= 0x7f;
        Files.write(backup, bytes);
        Sqlite.run(db, "DELETE FROM orders");
        Cli.Run r = cli.run("restore", db.toString(), backup.getFileName().toString(), "--yes");
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.err().contains(backup + " failed verification: checksum mismatch"), r.toString());
        assertEquals(0, Sqlite.count(db, "orders"));
    }

    @Test
    void beforeATimePicksTheNewestOlderBackup() throws Exception {
        Path db = ordersDatabase(tmp.resolve("t.db"), 5);
        Cli cli = new Cli(tmp);
        JsonObject first = cli.run("backup", db.toString(), "--json").json();
        Sqlite.run(db, "INSERT INTO orders(item, qty) VALUES ('six', 6)");
        JsonObject second = cli.run("backup", db.toString(), "--json").json();
        Sqlite.run(db, "DELETE FROM orders");
        Cli.Run r = cli.run("restore", db.toString(), "--before", second.get("created").getAsString(), "--yes", "--json");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(first.get("file").getAsString(), r.json().get("backup").getAsString());
        assertEquals(5, Sqlite.count(db, "orders"));
        assertFalse(r.out().contains("Restored"), "--json prints only JSON");
    }
}
