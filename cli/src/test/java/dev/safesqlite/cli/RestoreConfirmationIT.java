package dev.safesqlite.cli;

import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * restore on a terminal, as an operator answers it: the diff first, a "no" changes and leaves
 * nothing but its audit event, "y" restores; the progress bars it draws on the way.
 */
class RestoreConfirmationIT {

    @TempDir
    Path tmp;

    private List<String> backups() throws Exception {
        return Sqlite.names(tmp.resolve("backups")).stream().filter(n -> n.endsWith(".db")).toList();
    }

    @Test
    void aDeclinedRestoreShowsTheDiffTakesNoPreRestoreBackupExitsTwoAndIsAudited() throws Exception {
        Path db = ordersDatabase(tmp.resolve("shop.db"), 10);
        Cli cli = new Cli(tmp);
        assertEquals(0, cli.run("backup", db.toString()).exit());
        Sqlite.run(db, "DELETE FROM orders");
        List<String> before = backups();

        for (String answer : List.of("n", "no", "")) {
            Cli.Run r = cli.runOnTerminal(answer + "\n", "restore", db.toString(), "--latest");
            assertEquals(2, r.exit(), "README: exit 2 is a restore nobody confirmed\n" + r);
            assertTrue(r.out().indexOf("orders") < r.out().indexOf("Type yes"), "the diff comes before the question: " + r);
            assertTrue(r.out().contains("not restored") && r.out().contains("no pre-restore backup was taken"), r.toString());
            assertEquals(before, backups(), "a declined restore leaves no pre-restore backup behind (answer '" + answer + "')");
            assertEquals(0, Sqlite.count(db, "orders"));
        }
        String audit = Files.readString(tmp.resolve("backups/audit.log"));
        assertEquals(3, audit.lines().filter(l -> l.contains("\"event\":\"restore.declined\"")).count(), audit);
        assertTrue(audit.lines().noneMatch(l -> l.contains("\"event\":\"restore.done\"")), audit);
    }

    @Test
    void yIsAYesAndOnlyThenIsThePreRestoreBackupTaken() throws Exception {
        Path db = ordersDatabase(tmp.resolve("y.db"), 10);
        Cli cli = new Cli(tmp);
        assertEquals(0, cli.run("backup", db.toString()).exit());
        Sqlite.run(db, "DELETE FROM orders");

        Cli.Run r = cli.runOnTerminal("y\n", "restore", db.toString(), "--latest");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().indexOf("Type yes") < r.out().indexOf("pre-restore backup"),
                "the pre-restore backup is taken after the answer: " + r);
        assertEquals(10, Sqlite.count(db, "orders"));
        assertEquals(2, backups().size(), "the manual backup and the pre-restore one: " + backups());

        // The bar of reading the backup: a small database counts in KB, and shows no speed that reads "?".
        assertTrue(r.out().contains("reading y_") && r.out().contains(" KB"), "a bar was drawn, in KB: " + r);
        assertFalse(r.out().contains("0/0 MB"), r.toString());
        assertFalse(r.out().contains("MB/s"), r.toString());
    }
}
