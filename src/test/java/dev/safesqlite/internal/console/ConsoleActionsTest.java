package dev.safesqlite.internal.console;

import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.BackupInfo;
import dev.safesqlite.SafeSqlite;
import dev.safesqlite.WebConsole;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each button does what its command does, and is audited the same way. */
class ConsoleActionsTest {

    @TempDir
    Path tmp;

    private WebConsole console;

    @AfterEach
    void stop() {
        if (console != null) console.close();
    }

    private ConsoleClient open(SafeSqlite api) throws Exception {
        console = api.serveConsole(0);
        ConsoleClient c = new ConsoleClient(console.url());
        c.open(console.url());
        return c;
    }

    @Test
    void backupNowTakesAPinnedManualBackupAuditedAsBackupCreated() throws Exception {
        SafeSqlite api = SafeSqlite.of(ordersDatabase(tmp.resolve("shop.db"), 7), Map.of());
        ConsoleClient c = open(api);
        HttpResponse<String> r = c.post("/db/0/backup", Map.of("csrf", c.csrf("/db/0"), "pin", "on"));
        assertEquals(303, r.statusCode());
        List<BackupInfo> all = api.list();
        assertEquals(1, all.size());
        assertEquals("manual", all.get(0).reason());
        assertTrue(all.get(0).pinned());
        String page = c.get(r.headers().firstValue("Location").orElseThrow()).body();
        assertTrue(page.contains("Backup taken: " + all.get(0).file().getFileName()), page);
        assertTrue(audit().contains("\"event\":\"backup.created\",\"db\":\"" + api.database() + "\",\"reason\":\"manual\""));
    }

    @Test
    void pruneShowsItsDryRunAndThenDeletesWhatItShowed() throws Exception {
        SafeSqlite api = SafeSqlite.of(ordersDatabase(tmp.resolve("shop.db"), 7), Map.of("safesqlite.retain.last", "1",
                "safesqlite.retain.daily", "0", "safesqlite.retain.weekly", "0", "safesqlite.retain.monthly", "0",
                "safesqlite.retain.within", "0"));
        // Three daily backups taken without retention running between them (a looser policy), so two are due.
        SafeSqlite loose = SafeSqlite.of(api.database(), Map.of());
        BackupInfo oldest = loose.backup("daily", false);
        BackupInfo middle = loose.backup("daily", false);
        BackupInfo newest = loose.backup("daily", false);
        ConsoleClient c = open(api);
        String dryRun = c.get("/db/0/prune").body();
        assertTrue(dryRun.contains("<b id=\"prune-count\">2</b>"), dryRun);
        assertTrue(dryRun.contains(oldest.file().getFileName().toString()) && dryRun.contains(middle.file().getFileName().toString()));
        assertEquals(3, api.list().size(), "the dry run deleted nothing");
        assertTrue(c.get("/db/0").body().contains("kept: last"), "the page names the rule that keeps the newest");

        HttpResponse<String> r = c.post("/db/0/prune", Map.of("csrf", c.csrf("/db/0")));
        assertEquals(303, r.statusCode());
        assertEquals(List.of(newest), api.list());
        assertTrue(c.get(r.headers().firstValue("Location").orElseThrow()).body().contains("Prune deleted 2 backups"));
        assertEquals(2, audit().lines().filter(l -> l.contains("\"event\":\"retention.deleted\"")).count());
    }

    @Test
    void verifyShowsProgressToTheEndAndNamesADamagedBackup() throws Exception {
        SafeSqlite api = SafeSqlite.of(ordersDatabase(tmp.resolve("shop.db"), 300), Map.of());
        api.backup(false);
        BackupInfo damaged = api.backup(false);
        ConsoleClient c = open(api);
        HttpResponse<String> r = c.post("/db/0/verify", Map.of("csrf", c.csrf("/db/0")));
        String job = r.headers().firstValue("Location").orElseThrow();
        String state = c.waitForJob(job);
        assertTrue(state.contains("\"state\":\"done\"") && state.contains("\"done\":2,\"total\":2"), state);
        assertTrue(state.contains("2 backups checked, none damaged."), state);
        assertTrue(c.get(job).body().contains("data-state=\"done\""));

        try (var ch = java.nio.channels.FileChannel.open(damaged.file(), StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3, 4}), 5000);
        }
        r = c.post("/db/0/verify", Map.of("csrf", c.csrf("/db/0"), "backup", damaged.file().getFileName().toString()));
        state = c.waitForJob(r.headers().firstValue("Location").orElseThrow());
        assertTrue(state.contains("\"state\":\"failed\"") && state.contains("DAMAGED: " + damaged.file().getFileName()), state);
        assertTrue(audit().contains("\"event\":\"verify.failed\""));
        assertEquals(2, audit().lines().filter(l -> l.contains("\"event\":\"verify.ok\"")).count());
    }

    @Test
    void restoreShowsTheDiffAndRestoresThroughTheEngineAuditedAsRestoreDone() throws Exception {
        Path db = ordersDatabase(tmp.resolve("shop.db"), 50);
        SafeSqlite api = SafeSqlite.of(db, Map.of());
        BackupInfo b = api.backup(false);
        ordersDatabase(db, 25);
        ConsoleClient c = open(api);
        long events = audit().lines().count();
        String plan = c.get("/db/0/restore?backup=" + b.file().getFileName()).body();
        assertTrue(plan.matches("(?s).*<td data-label=\"Table\">orders</td><td data-label=\"Rows now\">75</td>"
                + "<td data-label=\"After\">50</td><td data-label=\"Change\">changes</td>.*"), plan);
        assertEquals(events, audit().lines().count(), "the dry run changes nothing, so it is no event");
        HttpResponse<String> r = c.post("/db/0/restore", Map.of("csrf", c.csrf("/db/0"),
                "backup", b.file().getFileName().toString(), "confirm", "shop.db"));
        String state = c.waitForJob(r.headers().firstValue("Location").orElseThrow());
        assertTrue(state.contains("\"state\":\"done\""), state);
        assertEquals(2, api.list().size(), "the pre-restore backup is there");
        assertEquals("pre-restore", api.list().get(0).reason());
        assertTrue(audit().contains("\"event\":\"restore.done\""));
        try (var conn = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
             var rs = conn.createStatement().executeQuery("SELECT count(*) FROM orders")) {
            rs.next();
            assertEquals(50, rs.getLong(1));
        }
    }

    @Test
    void anEditedAuditLineShowsTheChainBroken() throws Exception {
        SafeSqlite api = SafeSqlite.of(ordersDatabase(tmp.resolve("shop.db"), 7), Map.of());
        api.backup(false);
        api.backup(false);
        ConsoleClient c = open(api);
        assertTrue(c.get("/db/0").body().contains("<span class=\"ok\">the hash chain verifies</span> (2 lines"));
        Path log = tmp.resolve("backups/audit.log");
        Files.writeString(log, Files.readString(log).replaceFirst("\"bytes\":\\d+", "\"bytes\":1"));
        String page = c.get("/db/0").body();
        assertTrue(page.contains("chain BROKEN") && page.contains("audit.log:2: does not follow line 1"), page);
    }

    @Test
    void theReplicasShowHowManyUploadsWaitUntilTheyAreSent() throws Exception {
        Path offline = Files.writeString(tmp.resolve("offline"), "a file where the replica's directory should be");
        String replica = offline.resolve("r").toUri().toString();
        SafeSqlite api = SafeSqlite.of(ordersDatabase(tmp.resolve("shop.db"), 7), Map.of("safesqlite.replica.url", replica));
        api.backup(false);
        ConsoleClient c = open(api);
        String page = c.get("/db/0").body();
        assertTrue(page.contains("<code>" + replica + "</code>"), page);
        assertTrue(page.contains("1 upload(s) pending, the oldest for "), page);

        Files.delete(offline);
        Files.createDirectories(offline.resolve("r"));
        assertTrue(api.replicate().ok());
        assertTrue(c.get("/db/0").body().contains("every backup is on every replica"));
    }

    @Test
    void aDatabaseWithoutReplicasShowsNoReplicaSection() throws Exception {
        SafeSqlite api = SafeSqlite.of(ordersDatabase(tmp.resolve("shop.db"), 7), Map.of());
        api.backup(false);
        assertFalse(open(api).get("/db/0").body().contains("id=\"replicas\""));
    }

    private String audit() throws Exception {
        return Files.readString(tmp.resolve("backups/audit.log"));
    }
}
