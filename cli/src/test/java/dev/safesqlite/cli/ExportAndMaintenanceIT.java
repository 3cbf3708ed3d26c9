package dev.safesqlite.cli;

import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** export, prune, checkpoint, vacuum and audit, run as the jar. */
class ExportAndMaintenanceIT {

    @TempDir
    Path tmp;

    @Test
    void exportsTheLiveDatabaseABackupAndAZip() throws Exception {
        Path db = ordersDatabase(tmp.resolve("e.db"), 12);
        Sqlite.run(db, "PRAGMA user_version=3", "INSERT INTO orders(item, qty) VALUES ('a \"quoted\", item', NULL)");
        Cli cli = new Cli(tmp);
        Cli.Run r = cli.run("export", db.toString(), "--csv", "out", "--json");
        assertEquals(0, r.exit(), r.toString());
        JsonObject manifest = JsonParser.parseString(Files.readString(tmp.resolve("out/manifest.json"))).getAsJsonObject();
        assertEquals(3, manifest.get("userVersion").getAsInt());
        assertEquals(13, manifest.getAsJsonObject("tables").getAsJsonObject("orders").get("rows").getAsInt());
        assertTrue(manifest.has("exported"), manifest.toString());
        byte[] csv = Files.readAllBytes(tmp.resolve("out/orders.csv"));
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(csv, 3));
        assertTrue(new String(csv, java.nio.charset.StandardCharsets.UTF_8).endsWith("\"13\",\"a \"\"quoted\"\", item\",\r\n"),
                "RFC 4180 quoting, NULL as an empty field");

        Cli.Run again = cli.run("export", db.toString(), "--csv", "out");
        assertEquals(1, again.exit(), "an export never overwrites: " + again);
        assertTrue(again.err().contains("already exists and is not empty"), again.toString());

        String backup = cli.run("backup", db.toString(), "--json").json().get("file").getAsString();
        Sqlite.run(db, "DELETE FROM orders");
        Cli.Run zip = cli.run("export", db.toString(), "--csv", "old", "--zip", "--from", backup);
        assertEquals(0, zip.exit(), zip.toString());
        assertTrue(zip.out().contains("13 rows"), zip.toString());
        try (ZipFile z = new ZipFile(tmp.resolve("old.zip").toFile())) {
            assertEquals(List.of("orders.csv", "manifest.json"), z.stream().map(e -> e.getName()).toList());
        }
    }

    @Test
    void pruneAppliesRetentionAndDryRunOnlyTells() throws Exception {
        Path db = ordersDatabase(tmp.resolve("p.db"), 3);
        Cli cli = new Cli(tmp);
        for (int i = 0; i < 3; i++) assertEquals(0, cli.run("backup", db.toString(), "--reason", "daily").exit());
        assertEquals(0, cli.run("backup", db.toString()).exit()); // manual: never pruned
        String[] keepOne = {"-s", "retain.last=1", "-s", "retain.daily=0", "-s", "retain.weekly=0", "-s",
                "retain.monthly=0", "-s", "retain.within=0"};
        Cli.Run dry = cli.run(concat(new String[] {"prune", db.toString(), "--dry-run", "--json"}, keepOne));
        assertEquals(0, dry.exit(), dry.toString());
        assertEquals(2, dry.json().getAsJsonArray("deleted").size(), dry.toString());
        assertEquals(4, cli.run("list", db.toString(), "--json").json().getAsJsonArray("backups").size());
        Cli.Run prune = cli.run(concat(new String[] {"prune", db.toString()}, keepOne));
        assertEquals(0, prune.exit(), prune.toString());
        assertTrue(prune.out().startsWith("Deleted 2 backups:"), prune.toString());
        JsonArray left = cli.run("list", db.toString(), "--json").json().getAsJsonArray("backups");
        assertEquals(2, left.size(), left.toString());
    }

    @Test
    void checkpointAndVacuumRunAndVacuumIsProtected() throws Exception {
        Path db = ordersDatabase(tmp.resolve("m.db"), 2000);
        Sqlite.run(db, "DELETE FROM orders WHERE id > 10");
        Path wal = tmp.resolve("m.db-wal");
        Cli cli = new Cli(tmp);
        Cli.Run cp = cli.run("checkpoint", db.toString(), "--json");
        assertEquals(0, cp.exit(), cp.toString());
        assertEquals("truncate", cp.json().get("mode").getAsString());
        assertEquals(0, Files.exists(wal) ? Files.size(wal) : 0, "the WAL was folded in and truncated");

        long before = Files.size(db);
        Cli.Run vacuum = cli.run("vacuum", db.toString(), "--json");
        assertEquals(0, vacuum.exit(), vacuum.toString());
        assertTrue(Files.size(db) < before, "VACUUM reclaimed the deleted rows' pages");
        JsonObject backup = vacuum.json().getAsJsonObject("backup");
        assertEquals("pre-ddl", backup.get("reason").getAsString());
        assertEquals("VACUUM", backup.get("triggerSql").getAsString());
        assertEquals(10, Sqlite.count(db, "orders"));
    }

    @Test
    void auditShowsTheLastEventsAndSaysWhenThereIsNoLog() throws Exception {
        Path db = ordersDatabase(tmp.resolve("a.db"), 1);
        Cli cli = new Cli(tmp);
        Cli.Run none = cli.run("audit", db.toString());
        assertEquals(1, none.exit(), none.toString());
        assertTrue(none.err().contains("there is no audit log at " + tmp.resolve("backups/audit.log")), none.toString());

        Files.createDirectories(tmp.resolve("backups"));
        Files.writeString(tmp.resolve("backups/audit.log"), String.join("\n",
                "{\"ts\":\"2026-11-21T10:00:00Z\",\"event\":\"wal.enabled\",\"db\":\"" + db + "\",\"prev\":\"0\"}",
                "{\"ts\":\"2026-11-21T10:00:01Z\",\"event\":\"backup.created\",\"db\":\"" + db + "\",\"reason\":\"pre-ddl\"}",
                "{\"ts\":\"2026-11-21T10:00:02Z\",\"event\":\"restore.done\",\"db\":\"" + db + "\",\"backup\":\"x.db\"}", ""));
        Cli.Run tail = cli.run("audit", db.toString(), "--tail", "2", "--json");
        assertEquals(0, tail.exit(), tail.toString());
        JsonArray events = tail.json().getAsJsonArray("events");
        assertEquals(2, events.size());
        assertEquals("restore.done", events.get(1).getAsJsonObject().get("event").getAsString());
        Cli.Run text = cli.run("audit", db.toString());
        assertTrue(text.out().contains("2026-11-21T10:00:01Z  backup.created  db=" + db + "  reason=pre-ddl"), text.toString());
        Cli.Run hand = cli.run("audit", db.toString(), "--verify");
        assertEquals(3, hand.exit(), "a hand-written log has no valid chain: " + hand);
    }

    @Test
    void auditVerifyChecksTheHashChainWrittenByTheEngine() throws Exception {
        Path db = ordersDatabase(tmp.resolve("chain.db"), 3);
        Cli cli = new Cli(tmp);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, cli.run("backup", db.toString()).exit());
        }
        Cli.Run ok = cli.run("audit", db.toString(), "--verify", "--json");
        assertEquals(0, ok.exit(), ok.toString());
        assertTrue(ok.json().get("intact").getAsBoolean());
        assertTrue(ok.json().get("lines").getAsLong() >= 3, ok.toString());

        Path log = tmp.resolve("backups/audit.log");
        java.util.List<String> lines = new java.util.ArrayList<>(Files.readAllLines(log));
        lines.set(1, lines.get(1).replace("\"manual\"", "\"daily\""));
        Files.write(log, lines);
        Cli.Run edited = cli.run("audit", db.toString(), "--verify");
        assertEquals(3, edited.exit(), edited.toString());
        assertTrue(edited.out().contains("BROKEN") && edited.out().contains("audit.log:3:"), edited.toString());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
