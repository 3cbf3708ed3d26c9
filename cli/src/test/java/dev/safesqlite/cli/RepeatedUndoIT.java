package dev.safesqlite.cli;

import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static dev.safesqlite.testing.TestDatabases.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.safesqlite.internal.backup.Manifest;
import dev.safesqlite.internal.engine.ProtectedDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** restore --undo, run again and again as the jar: one destructive statement back each time, said in the dry run. */
class RepeatedUndoIT {

    @TempDir
    Path tmp;

    private Path db;
    private ProtectedDatabase engine;

    /** As ProtectedConnection does it: the pre-operation backup with the statement as trigger, then the statement. */
    private void destructive(String reason, String sql) throws Exception {
        engine.backup(reason, new Manifest.Trigger(sql, "conn-1@test", "main"), engine.settings(), false);
        Sqlite.run(db, sql);
    }

    @Test
    void eachUndoStepsBackOneDestructiveStatementAndTheDryRunSaysWhich() throws Exception {
        db = ordersDatabase(tmp.resolve("shop.db"), 120);
        Sqlite.run(db, "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT)", "INSERT INTO customers(name) VALUES ('ada')");
        engine = ProtectedDatabase.detached(db, settings("backup.on.startup", "false"));
        destructive("pre-ddl", "DROP TABLE customers");
        destructive("pre-delete", "DELETE FROM orders");
        Cli cli = new Cli(tmp);

        Cli.Run dry1 = cli.run("restore", db.toString(), "--undo", "--dry-run");
        assertEquals(0, dry1.exit(), dry1.toString());
        assertTrue(dry1.out().contains("undo: brings back the database as it was just before 'DELETE FROM orders', run "),
                dry1.toString());
        assertTrue(dry1.out().contains("a further --undo after this restore brings back the state before "
                + "'DROP TABLE customers'"), dry1.toString());
        JsonObject undo1 = cli.run("restore", db.toString(), "--undo", "--dry-run", "--json").json().getAsJsonObject("undo");
        assertEquals("DELETE FROM orders", undo1.get("statement").getAsString());
        assertEquals("DROP TABLE customers", undo1.get("nextStatement").getAsString());

        Cli.Run first = cli.run("restore", db.toString(), "--undo", "--yes");
        assertEquals(0, first.exit(), first.toString());
        assertEquals(120, Sqlite.count(db, "orders"));
        assertEquals("0", Sqlite.text(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'customers'"));

        Cli.Run dry2 = cli.run("restore", db.toString(), "--undo", "--dry-run");
        assertTrue(dry2.out().contains("just before 'DROP TABLE customers'"), "the second undo steps back: " + dry2);
        assertTrue(dry2.out().contains("a further --undo has nothing left to undo"), dry2.toString());
        Cli.Run second = cli.run("restore", db.toString(), "--undo", "--yes");
        assertEquals(0, second.exit(), second.toString());
        assertEquals(1, Sqlite.count(db, "customers"));
        assertEquals(120, Sqlite.count(db, "orders"));

        Cli.Run third = cli.run("restore", db.toString(), "--undo", "--yes");
        assertEquals(1, third.exit(), third.toString());
        assertTrue(third.err().contains("nothing left to undo"), third.toString());

        // A destructive statement after the undos: the next undo starts from it.
        destructive("pre-update", "UPDATE orders SET qty = 0");
        Cli.Run dry3 = cli.run("restore", db.toString(), "--undo", "--dry-run");
        assertTrue(dry3.out().contains("just before 'UPDATE orders SET qty = 0'"), dry3.toString());
        // Before the UPDATE the database was back before the DROP and the DELETE: neither is undone twice.
        assertTrue(dry3.out().contains("a further --undo has nothing left to undo"), dry3.toString());
    }
}
