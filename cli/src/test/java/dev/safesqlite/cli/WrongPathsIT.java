package dev.safesqlite.cli;

import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paths and settings an operator gets wrong: one error naming the path or setting and where it came from. */
class WrongPathsIT {

    @TempDir
    Path tmp;

    @Test
    void aDirectoryGivenAsTheDatabaseIsAnErrorNamingIt() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("data"));
        Cli cli = new Cli(tmp);
        for (String command : new String[] {"list", "stats", "verify", "backup", "prune"}) {
            Cli.Run r = cli.run(command, dir.toString());
            assertEquals(1, r.exit(), command + ": " + r);
            assertTrue(r.err().contains(dir + " is a directory, not a database file"), command + ": " + r);
            assertFalse(r.out().contains("No backups") || r.err().contains("does not exist"), command + ": " + r);
        }
        Cli.Run restore = cli.run("restore", dir.toString(), "--latest", "--yes");
        assertEquals(1, restore.exit(), restore.toString());
        assertTrue(restore.err().contains("is a directory, not a database file"), restore.toString());
    }

    @Test
    void aBackupDirectoryThatIsAFileIsAnErrorNotAnEmptyList() throws Exception {
        Path db = ordersDatabase(tmp.resolve("shop.db"), 3);
        Path file = Files.writeString(tmp.resolve("notes.txt"), "not a directory");
        Cli.Run r = new Cli(tmp).run("list", db.toString(), "--backup-dir", file.toString());
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("the backup directory " + file + " is a file, not a directory")
                && r.err().contains("--backup-dir"), r.toString());
        assertFalse(r.out().contains("No backups"), r.toString());

        Cli.Run viaSetting = new Cli(tmp).run("list", db.toString(), "-s", "backup.dir=" + file);
        assertEquals(1, viaSetting.exit(), viaSetting.toString());
        assertTrue(viaSetting.err().contains("from the command line, -s/--setting"), viaSetting.toString());
    }

    @Test
    void aWrongSettingGivenWithDashSIsReportedAsComingFromTheCommandLine() throws Exception {
        Path db = ordersDatabase(tmp.resolve("s.db"), 3);
        Cli cli = new Cli(tmp);
        Cli.Run unknown = cli.run("list", db.toString(), "-s", "retain.lastt=3");
        assertEquals(2, unknown.exit(), unknown.toString());
        assertTrue(unknown.err().contains("retain.lastt") && unknown.err().contains("(from the command line, -s/--setting"),
                unknown.toString());
        assertFalse(unknown.err().contains("connection properties"), unknown.toString());
        Cli.Run invalid = cli.run("backup", db.toString(), "-s", "retain.last=many");
        assertEquals(2, invalid.exit(), invalid.toString());
        assertTrue(invalid.err().contains("(from the command line, -s/--setting"), invalid.toString());
    }
}
