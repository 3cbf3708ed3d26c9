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

/** What an operator meets at 3 a.m.: a full disk, a missing database, a typo. One clear message, no damage. */
class FailuresIT {

    /** Per-file size limit in KB: far below the ~2 MB test database, far above SQLite's -shm (32 KB). */
    private static final int LIMIT_KB = 256;

    @TempDir
    Path tmp;

    /** About 2 MB, all of it in the database file (checkpointed), so no copy of it fits under the limit. */
    private Path bigDatabase() throws Exception {
        Path db = ordersDatabase(tmp.resolve("big.db"), 100_000);
        Sqlite.run(db, "PRAGMA wal_checkpoint(TRUNCATE)");
        assertTrue(Files.size(db) > 4L * LIMIT_KB * 1024, "the database must not fit under the limit");
        return db;
    }

    @Test
    void aFullDiskFailsABackupWithAMessageAndLeavesNothingHalfWritten() throws Exception {
        Path db = bigDatabase();
        Cli cli = new Cli(tmp);
        Cli.Run r = cli.runWithFileSizeLimit(LIMIT_KB, "backup", db.toString());
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains(tmp.resolve("backups").toString()), "names the backup directory: " + r);
        assertTrue(r.err().contains("check the backup directory's disk") || r.err().contains("free space"), r.toString());
        assertEquals(List.of(".safesqlite.lock"), Sqlite.names(tmp.resolve("backups")).stream()
                .filter(n -> !n.startsWith("audit.log")).toList(), "no partial backup left");
        assertTrue(Files.readString(tmp.resolve("backups/audit.log")).contains("\"event\":\"backup.failed\""),
                "the failure is in the audit log");
        assertEquals(100_000, Sqlite.count(db, "orders"));
    }

    @Test
    void aFullDiskFailsARestoreBeforeTheDatabaseIsTouched() throws Exception {
        Path db = bigDatabase();
        Cli cli = new Cli(tmp);
        assertEquals(0, cli.run("backup", db.toString()).exit());
        List<String> backups = Sqlite.names(tmp.resolve("backups"));
        Sqlite.run(db, "DELETE FROM orders WHERE id > 10");
        Cli.Run r = cli.runWithFileSizeLimit(LIMIT_KB, "restore", db.toString(), "--latest", "--yes");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("cannot write the restored copy") && r.err().contains("File too large")
                && r.err().contains("free space on the disk of " + tmp) && r.err().contains("was not changed"), r.toString());
        assertEquals(10, Sqlite.count(db, "orders"), "the database is unchanged");
        assertFalse(Sqlite.names(tmp).stream().anyMatch(n -> n.startsWith(".big.db")), "no partial copy beside it");
        assertEquals(backups, Sqlite.names(tmp.resolve("backups")), "no partial backup either");
    }

    @Test
    void aFullDiskFailsAnExportAndLeavesNoHalfExport() throws Exception {
        Path db = bigDatabase();
        Cli.Run r = new Cli(tmp).runWithFileSizeLimit(LIMIT_KB, "export", db.toString(), "--csv", "out");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("cannot write the export to out (File too large)")
                && r.err().contains("Nothing half-written was left"), r.toString());
        assertFalse(Sqlite.names(tmp).stream().anyMatch(n -> n.contains("out")), Sqlite.names(tmp).toString());
    }

    @Test
    void aMissingDatabaseIsNamed() throws Exception {
        Cli cli = new Cli(tmp);
        Path missing = tmp.resolve("nope.db");
        for (String command : List.of("backup", "list", "verify", "stats", "checkpoint", "vacuum", "prune")) {
            Cli.Run r = cli.run(command, missing.toString());
            assertEquals(1, r.exit(), command + ": " + r);
            assertTrue(r.err().contains(missing + " does not exist"), command + ": " + r);
        }
        Cli.Run export = cli.run("export", missing.toString(), "--csv", "x");
        assertEquals(1, export.exit(), export.toString());
        assertTrue(export.err().contains("the database " + missing + " does not exist"), export.toString());
        Cli.Run restore = cli.run("restore", missing.toString(), "--latest", "--yes", "--json");
        assertEquals(1, restore.exit(), restore.toString());
        assertEquals(1, restore.json().get("exitCode").getAsInt(), "--json failures are JSON too: " + restore);
        assertFalse(Files.exists(missing), "nothing created in its place");
    }

    @Test
    void typosAndBadValuesAreUsageErrors() throws Exception {
        Cli cli = new Cli(tmp);
        Path db = ordersDatabase(tmp.resolve("u.db"), 1);
        Cli.Run typo = cli.run("lst", db.toString());
        assertEquals(2, typo.exit(), typo.toString());
        assertTrue(typo.err().contains("Did you mean: safesqlite list"), typo.toString());
        assertEquals(2, cli.run("list", db.toString(), "--jsn").exit());
        Cli.Run before = cli.run("restore", db.toString(), "--before", "yesterday", "--dry-run");
        assertEquals(2, before.exit(), before.toString());
        assertTrue(before.err().contains("'yesterday' is not a time"), before.toString());
        Cli.Run which = cli.run("restore", db.toString(), "--dry-run");
        assertEquals(2, which.exit(), which.toString());
        assertTrue(which.err().contains("name the backup to restore"), which.toString());
        Cli.Run setting = cli.run("list", db.toString(), "-s", "retain.lats=3");
        assertEquals(2, setting.exit(), setting.toString());
        assertTrue(setting.err().contains("retain.lats"), setting.toString());
        Cli.Run reason = cli.run("backup", db.toString(), "--reason", "oops");
        assertEquals(2, reason.exit(), reason.toString());
        assertEquals(2, cli.run().exit(), "no command at all");
    }

    @Test
    void helpNamesEveryCommandAndExitCode() throws Exception {
        Cli.Run help = new Cli(tmp).run("--help");
        assertEquals(0, help.exit());
        for (String c : List.of("backup", "list", "verify", "restore", "prune", "export", "checkpoint", "vacuum",
                "stats", "audit")) {
            assertTrue(help.out().contains("  " + c + " "), c + " missing from: " + help.out());
        }
        assertTrue(help.out().contains("Exit codes: 0 done, 1 failed, 2 usage error, 3"), help.out());
        Cli.Run restoreHelp = new Cli(tmp).run("help", "restore");
        assertTrue(restoreHelp.out().contains("--undo") && restoreHelp.out().contains("--dry-run"), restoreHelp.out());
    }
}
