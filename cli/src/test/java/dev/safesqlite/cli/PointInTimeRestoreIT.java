package dev.safesqlite.cli;

import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.safesqlite.internal.continuous.ChangeFile;
import dev.safesqlite.internal.continuous.ChangeLog;
import dev.safesqlite.internal.continuous.PointInTime;
import dev.safesqlite.testing.ContinuousFront;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC 11 at the command line, as the jar: an application with continuous=on (in this JVM, real
 * sqlite-jdbc, real files) writes and drops a table; list, restore --at and restore --undo then
 * work on the files it left, with the ordinary dry run, pre-restore backup and checks.
 */
class PointInTimeRestoreIT {

    @TempDir
    Path tmp;

    private static String content(Path db) throws Exception {
        return Sqlite.text(db, "SELECT group_concat(id || ':' || item || ':' || qty, ',') FROM (SELECT * FROM orders ORDER BY id)");
    }

    private static List<Path> files(Path dir, String suffix) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    void aDropTakesARestorePointThatListShowsAndUndoBringsTheTableBackWithEveryWriteAfterTheLastBackup()
            throws Exception {
        Path db = ordersDatabase(tmp.resolve("shop.db"), 40);
        Path backups = tmp.resolve("backups");
        try (ContinuousFront app = new ContinuousFront(db, backups)) {
            app.engine.backup("manual", null, app.settings, false); // the last full backup
            for (int i = 0; i < 7; i++) app.commit("INSERT INTO orders(item, qty) VALUES ('late " + i + "', 1)");
            app.run("DELETE FROM orders");
            app.commit("INSERT INTO orders(item, qty) VALUES ('after the delete', 2)"); // so the DROP gets a point of its own
            app.run("DROP TABLE orders");
        }
        // The DROP got a restore point, not a full copy.
        assertTrue(files(backups, ".db").stream().noneMatch(p -> p.getFileName().toString().contains("pre-ddl")),
                "no pre-ddl backup with continuous protection: " + files(backups, ".db"));
        Cli cli = new Cli(tmp);

        Cli.Run points = cli.run("list", db.toString(), "--points", "--json");
        assertEquals(0, points.exit(), points.toString());
        JsonArray ps = points.json().getAsJsonArray("points");
        assertEquals(2, ps.size(), points.toString());
        JsonObject drop = ps.get(0).getAsJsonObject();
        assertEquals("DELETE FROM orders", ps.get(1).getAsJsonObject().get("sql").getAsString());
        assertEquals("DROP TABLE orders", drop.get("sql").getAsString());
        assertEquals("pre-ddl", drop.get("reason").getAsString());
        assertTrue(drop.get("position").getAsString().matches("tx\\d+"), drop.toString());
        JsonObject covered = points.json().getAsJsonObject("covered");
        assertNotNull(covered, points.toString());
        Cli.Run pointsText = cli.run("list", db.toString(), "--points");
        assertTrue(pointsText.out().contains(drop.get("position").getAsString()) && pointsText.out().contains("can be restored"),
                pointsText.toString());
        Cli.Run list = cli.run("list", db.toString());
        assertTrue(list.out().contains("restore point " + drop.get("position").getAsString()), list.toString());
        assertTrue(list.out().contains("before: DROP TABLE orders"), list.toString());

        Cli.Run dry = cli.run("restore", db.toString(), "--undo", "--dry-run");
        assertEquals(0, dry.exit(), dry.toString());
        assertTrue(dry.out().contains("just before 'DROP TABLE orders'"), dry.toString());
        assertTrue(dry.out().contains("a further --undo after this restore brings back the state before 'DELETE FROM orders'"),
                dry.toString());
        Cli.Run first = cli.run("restore", db.toString(), "--undo", "--yes");
        assertEquals(0, first.exit(), first.toString());
        assertEquals("after the delete", Sqlite.text(db, "SELECT group_concat(item) FROM orders"),
                "the table is back, with the row written after the DELETE");
        Cli.Run second = cli.run("restore", db.toString(), "--undo", "--yes", "--json");
        assertEquals(0, second.exit(), second.toString());
        assertEquals("DELETE FROM orders", second.json().getAsJsonObject("undo").get("statement").getAsString());
        assertEquals(47, Sqlite.count(db, "orders"), "the rows are back with the 7 written after the last full backup");
        assertEquals("ok", Sqlite.text(db, "PRAGMA integrity_check"));
        Cli.Run none = cli.run("restore", db.toString(), "--undo", "--dry-run");
        assertEquals(1, none.exit(), none.toString());
        assertTrue(none.err().contains("nothing left to undo"), none.toString());
        // No temporary point backup is left behind; the audit log names the point restored.
        try (Stream<Path> s = Files.list(backups)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".point-restore-")));
        }
        String audit = Files.readString(backups.resolve("audit.log"));
        assertTrue(audit.contains("\"event\":\"restore.done\"") && audit.contains("\"position\":\""
                + drop.get("position").getAsString() + "\"") && audit.contains("\"sql\":\"DROP TABLE orders\""), audit);
    }

    @Test
    void restoreAtATimeBetweenTwoCommitsGivesExactlyTheFirstCommitsContent() throws Exception {
        Path db = ordersDatabase(tmp.resolve("shop.db"), 5);
        Path backups = tmp.resolve("backups");
        long first;
        long second;
        String afterFirst;
        try (ContinuousFront app = new ContinuousFront(db, backups)) {
            first = app.commit("UPDATE orders SET qty = 99 WHERE id = 2");
            afterFirst = content(db);
            Thread.sleep(30); // two commits kept in different milliseconds, so a time lies between them
            second = app.commit("INSERT INTO orders(item, qty) VALUES ('second', 7)");
            app.commit("DELETE FROM orders WHERE id = 1");
        }
        PointInTime pit = new PointInTime(backups, db);
        Instant t1 = pit.timeOf(first);
        Instant t2 = pit.timeOf(second);
        assertTrue(t1.isBefore(t2), t1 + " " + t2);
        Instant between = t1.plusMillis(Math.max(0, (t2.toEpochMilli() - t1.toEpochMilli()) / 2 - 1));
        Cli cli = new Cli(tmp);

        Cli.Run dry = cli.run("restore", db.toString(), "--at", between.toString(), "--dry-run");
        assertEquals(0, dry.exit(), dry.toString());
        assertTrue(dry.out().contains("Restore tx" + first + " over "), dry.toString());
        Cli.Run at = cli.run("restore", db.toString(), "--at", between.toString(), "--yes", "--json");
        assertEquals(0, at.exit(), at.toString());
        assertEquals("tx" + first, at.json().getAsJsonObject("point").get("position").getAsString());
        assertEquals(afterFirst, content(db));
        assertEquals("ok", Sqlite.text(db, "PRAGMA integrity_check"));
        assertNotNull(at.json().get("preRestore").getAsString());

        Cli.Run byPosition = cli.run("restore", db.toString(), "--at", "tx" + second, "--yes");
        assertEquals(0, byPosition.exit(), byPosition.toString());
        assertEquals(6, Sqlite.count(db, "orders"));
        assertEquals("second", Sqlite.text(db, "SELECT item FROM orders WHERE id = 6"));

        Cli.Run tooEarly = cli.run("restore", db.toString(), "--at", "2001-01-01T00:00:00Z", "--dry-run");
        assertEquals(1, tooEarly.exit(), tooEarly.toString());
        assertTrue(tooEarly.err().contains("nothing of " + db.toAbsolutePath() + " is kept from 2001-01-01T00:00:00Z"),
                tooEarly.toString());
        Cli.Run notAPosition = cli.run("restore", db.toString(), "--at", "txfoo");
        assertEquals(2, notAPosition.exit(), notAPosition.toString());
    }

    @Test
    void aDeletedOrDamagedChangeFileIsRefusedNamingTheLostRange() throws Exception {
        Path db = ordersDatabase(tmp.resolve("shop.db"), 5);
        Path backups = tmp.resolve("backups");
        long[] tx = new long[4];
        try (ContinuousFront app = new ContinuousFront(db, backups)) {
            for (int i = 0; i < tx.length; i++) tx[i] = app.commit("INSERT INTO orders(item, qty) VALUES ('n" + i + "', 1)");
        }
        ChangeLog log = ChangeLog.of(backups, db);
        ChangeFile.Name holding = log.files().stream().filter(n -> n.first() <= tx[1] && tx[1] <= n.last()).findFirst()
                .orElseThrow();
        assertTrue(holding.last() < tx[3], "tx" + tx[1] + " and tx" + tx[3] + " are in different files: " + log.files());
        Path file = log.file(holding);
        byte[] kept = Files.readAllBytes(file);
        Cli cli = new Cli(tmp);
        String before = content(db);

        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(kept.length / 2);
            f.write(f.read() ^ 0x5a);
        }
        Cli.Run damaged = cli.run("restore", db.toString(), "--at", "tx" + tx[3], "--yes");
        assertEquals(1, damaged.exit(), damaged.toString());
        assertTrue(damaged.err().contains("transactions tx" + holding.first() + " to tx" + holding.last()
                + " cannot be restored"), damaged.toString());
        assertEquals(before, content(db), "nothing changed");

        Files.delete(file);
        Cli.Run missing = cli.run("restore", db.toString(), "--at", "tx" + tx[3], "--yes");
        assertEquals(1, missing.exit(), missing.toString());
        assertTrue(missing.err().contains("transactions tx" + holding.first() + " to tx" + holding.last()
                + " are not kept"), missing.toString());
        assertEquals(before, content(db), "nothing changed");
        try (Stream<Path> s = Files.list(backups)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(".point-restore-")));
        }
        Path killed = Files.createDirectories(backups.resolve(".point-restore-2147483646-dead")); // a restore killed midway
        Files.writeString(killed.resolve("shop_20260101-000000-000_point.db"), "half");
        Cli.Run earlier = cli.run("restore", db.toString(), "--at", "tx" + tx[0], "--yes");
        assertEquals(0, earlier.exit(), "what comes before the gap is still restorable: " + earlier);
        assertFalse(Files.exists(killed), "the next point restore removes what a killed one left");
    }
}
