package dev.safesqlite.cli;

import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static dev.safesqlite.testing.TestDatabases.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import dev.safesqlite.internal.backup.Manifest;
import dev.safesqlite.internal.backup.StoredBackup;
import dev.safesqlite.internal.engine.ProtectedDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC section 5: backups belong to their database by backup directory and file-name stem, so a
 * database directory or a backup directory carried to another path is listed, verified and
 * restored there with every restore form; two same-named databases sharing a directory stay apart.
 */
class MovedBackupsIT {

    @TempDir
    Path tmp;

    /** Two backups of {@code db}: a manual one with 10 rows, then a pre-delete one with 15, then the DELETE runs. */
    private static List<StoredBackup> historyOf(Path db, String... settings) throws Exception {
        ordersDatabase(db, 10);
        ProtectedDatabase engine = ProtectedDatabase.detached(db, settings(settings));
        StoredBackup manual = engine.backup("manual", null, engine.settings(), false);
        Sqlite.run(db, "INSERT INTO orders(item, qty) SELECT item, qty FROM orders LIMIT 5");
        StoredBackup preDelete = engine.backup("pre-delete", new Manifest.Trigger("DELETE FROM orders", "conn-1@test",
                "main"), engine.settings(), false);
        Sqlite.run(db, "DELETE FROM orders");
        return List.of(manual, preDelete);
    }

    @Test
    void aDatabaseDirectoryCopiedElsewhereWithItsDatabaseLostIsListedVerifiedAndRestoredWithEveryForm() throws Exception {
        Path oldDir = tmp.resolve("server-1/app");
        Files.createDirectories(oldDir);
        Path oldDb = oldDir.resolve("shop.db");
        List<StoredBackup> made = historyOf(oldDb, "backup.on.startup", "false");
        Path newDir = tmp.resolve("server-2/restored");
        copyTree(oldDir.resolve("backups"), newDir.resolve("backups"));
        deleteTree(tmp.resolve("server-1")); // the old machine and its database are gone
        Path db = newDir.resolve("shop.db");
        Cli cli = new Cli(tmp);

        Cli.Run list = cli.run("list", db.toString(), "--json");
        assertEquals(0, list.exit(), list.toString());
        assertEquals(2, list.json().getAsJsonArray("backups").size(), list.toString());
        Cli.Run stats = cli.run("stats", db.toString(), "--json");
        assertEquals(2, stats.json().get("count").getAsInt(), stats.toString());
        Cli.Run verify = cli.run("verify", db.toString());
        assertEquals(0, verify.exit(), verify.toString());
        assertTrue(verify.out().contains("2 checked, 0 damaged."), verify.toString());

        Cli.Run dryRun = cli.run("restore", db.toString(), "--latest", "--dry-run");
        assertEquals(0, dryRun.exit(), dryRun.toString());
        assertTrue(dryRun.out().contains(" over " + db + " (taken when the database was at " + oldDb + ")"),
                "the header names the database restored, at its new path: " + dryRun);
        assertFalse(dryRun.out().contains(" over " + oldDb), dryRun.toString());

        // --undo first: the first restore there is (a stepping undo starts from it whatever came before).
        Cli.Run undo = cli.run("restore", db.toString(), "--undo", "--yes", "--json");
        assertEquals(0, undo.exit(), undo.toString());
        assertEquals(made.get(1).file().getFileName().toString(),
                Path.of(undo.json().get("backup").getAsString()).getFileName().toString(), undo.toString());
        assertEquals(15, Sqlite.count(db, "orders"));

        // From here on each restore first keeps a pre-restore backup recorded at the new path: the
        // backups recorded at the old path are still this database's.
        Cli.Run latest = cli.run("restore", db.toString(), "--latest", "--yes");
        assertEquals(0, latest.exit(), latest.toString());
        assertTrue(latest.out().contains("Restored " + db + " from " + made.get(1).file().getFileName()), latest.toString());
        assertEquals(15, Sqlite.count(db, "orders"));

        Cli.Run before = cli.run("restore", db.toString(), "--before", made.get(1).name().created().toString(), "--yes");
        assertEquals(0, before.exit(), before.toString());
        assertEquals(10, Sqlite.count(db, "orders"), "--before picks the manual backup: " + before);

        Cli.Run byName = cli.run("restore", db.toString(), made.get(0).file().getFileName().toString(), "--yes");
        assertEquals(0, byName.exit(), byName.toString());
        assertTrue(byName.out().contains(" over " + db + " "), byName.toString());
        assertEquals(10, Sqlite.count(db, "orders"));

        JsonArray after = cli.run("list", db.toString(), "--json").json().getAsJsonArray("backups");
        List<String> names = new ArrayList<>();
        after.forEach(b -> names.add(Path.of(b.getAsJsonObject().get("file").getAsString()).getFileName().toString()));
        assertTrue(names.contains(made.get(0).file().getFileName().toString())
                && names.contains(made.get(1).file().getFileName().toString()), names.toString());
        assertEquals(5, names.size(), "the two carried over and three pre-restore backups: " + names);
        Cli.Run verifyAll = cli.run("verify", db.toString());
        assertTrue(verifyAll.out().contains("5 checked, 0 damaged."), verifyAll.toString());
    }

    @Test
    void aBackupDirectoryAloneCarriedToAnotherPathWorksWithBackupDir() throws Exception {
        Path oldDir = tmp.resolve("old");
        Files.createDirectories(oldDir);
        historyOf(oldDir.resolve("app.db"), "backup.on.startup", "false");
        Path image = tmp.resolve("disk-image/safesqlite");
        copyTree(oldDir.resolve("backups"), image);
        deleteTree(oldDir);
        Path db = tmp.resolve("new-server/data/app.db");
        Files.createDirectories(db.getParent());
        Cli cli = new Cli(tmp);

        Cli.Run list = cli.run("list", db.toString(), "--backup-dir", image.toString(), "--json");
        assertEquals(2, list.json().getAsJsonArray("backups").size(), list.toString());
        assertEquals(2, cli.run("stats", db.toString(), "--backup-dir", image.toString(), "--json").json()
                .get("count").getAsInt());
        Cli.Run verify = cli.run("verify", db.toString(), "--backup-dir", image.toString());
        assertTrue(verify.out().contains("2 checked, 0 damaged."), verify.toString());
        Cli.Run undo = cli.run("restore", db.toString(), "--backup-dir", image.toString(), "--undo", "--yes");
        assertEquals(0, undo.exit(), undo.toString());
        assertEquals(15, Sqlite.count(db, "orders"));
        Cli.Run before = cli.run("restore", db.toString(), "--backup-dir", image.toString(), "--before",
                "2999-01-01", "--yes");
        assertEquals(0, before.exit(), before.toString());
        assertEquals(15, Sqlite.count(db, "orders"), before.toString());
        assertTrue(before.out().contains(" over " + db + " (taken when the database was at "), before.toString());
    }

    @Test
    void twoSameNamedDatabasesInOneBackupDirectoryStayApartAndOnceBothMovedTheOriginalPathIsAskedFor() throws Exception {
        Path shared = tmp.resolve("shared");
        Path a = tmp.resolve("site/a/app.db");
        Path b = tmp.resolve("site/b/app.db");
        Files.createDirectories(a.getParent());
        Files.createDirectories(b.getParent());
        ordersDatabase(a, 3);
        ordersDatabase(b, 7);
        ProtectedDatabase engineA = ProtectedDatabase.detached(a, settings("backup.dir", shared.toString()));
        ProtectedDatabase engineB = ProtectedDatabase.detached(b, settings("backup.dir", shared.toString()));
        engineA.backup("manual", null, engineA.settings(), false); // in use at once: their backups interleave
        engineB.backup("manual", null, engineB.settings(), false);
        engineA.backup("pre-delete", new Manifest.Trigger("DELETE FROM orders", "c", "t"), engineA.settings(), false);
        engineB.backup("pre-delete", new Manifest.Trigger("DELETE FROM orders", "c", "t"), engineB.settings(), false);
        Sqlite.run(a, "DELETE FROM orders");
        Cli cli = new Cli(tmp);

        Cli.Run listA = cli.run("list", a.toString(), "--backup-dir", shared.toString(), "--json");
        assertEquals(2, listA.json().getAsJsonArray("backups").size(), listA.toString());
        Cli.Run listText = cli.run("list", a.toString(), "--backup-dir", shared.toString());
        assertTrue(listText.out().contains("recorded for " + b + ", counted as another database's"),
                "the backups set aside are not hidden silently: " + listText);
        Cli.Run undoA = cli.run("restore", a.toString(), "--backup-dir", shared.toString(), "--undo", "--yes");
        assertEquals(0, undoA.exit(), undoA.toString());
        assertEquals(3, Sqlite.count(a, "orders"), "a's own backup, not b's 7 rows");
        Cli.Run verifyB = cli.run("verify", b.toString(), "--backup-dir", shared.toString());
        assertTrue(verifyB.out().contains("2 checked, 0 damaged."), verifyB.toString());

        // Both databases and the shared directory go to another machine, under other paths.
        Path moved = tmp.resolve("machine-2/shared");
        copyTree(shared, moved);
        deleteTree(tmp.resolve("site"));
        Path newA = tmp.resolve("machine-2/a/app.db");
        Files.createDirectories(newA.getParent());
        for (String[] command : List.of(new String[] {"list"}, new String[] {"stats"}, new String[] {"verify"},
                new String[] {"restore", "--latest", "--yes"})) {
            List<String> args = new ArrayList<>(List.of(command[0], newA.toString(), "--backup-dir", moved.toString()));
            args.addAll(List.of(command).subList(1, command.length));
            Cli.Run r = cli.run(args.toArray(String[]::new));
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.err().contains(a.toString()) && r.err().contains(b.toString()) && r.err().contains("--original"),
                    "names both recorded paths and asks for --original: " + r);
        }
        assertFalse(Files.exists(newA), "nothing was restored while it was unclear whose backups to use");

        Cli.Run list = cli.run("list", newA.toString(), "--backup-dir", moved.toString(), "--original", a.toString(), "--json");
        assertEquals(0, list.exit(), list.toString());
        assertEquals(3, list.json().getAsJsonArray("backups").size(), "a's two and its pre-restore backup: " + list);
        // a's history came along: its one destructive statement was undone already on the old machine
        Cli.Run undo = cli.run("restore", newA.toString(), "--backup-dir", moved.toString(), "--original", a.toString(),
                "--undo", "--yes");
        assertEquals(1, undo.exit(), undo.toString());
        assertTrue(undo.err().contains("nothing left to undo"), undo.toString());
        Cli.Run latest = cli.run("restore", newA.toString(), "--backup-dir", moved.toString(), "--original", a.toString(),
                "--latest", "--yes");
        assertEquals(0, latest.exit(), latest.toString());
        assertEquals(0, Sqlite.count(newA, "orders"), "a's pre-restore backup (taken after its DELETE), not b's 7 rows: " + latest);
        Cli.Run wrong = cli.run("list", newA.toString(), "--backup-dir", moved.toString(), "--original",
                tmp.resolve("nowhere/app.db").toString());
        assertEquals(1, wrong.exit(), wrong.toString());
        assertTrue(wrong.err().contains("no backup in") && wrong.err().contains(a.toString()), wrong.toString());
        Cli.Run backup = cli.run("backup", newA.toString(), "--original", a.toString());
        assertEquals(2, backup.exit(), backup.toString());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
