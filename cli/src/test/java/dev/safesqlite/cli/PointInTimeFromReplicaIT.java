package dev.safesqlite.cli;

import static dev.safesqlite.testing.TestDatabases.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.internal.config.SettingsResolver;
import dev.safesqlite.internal.continuous.ChangeFile;
import dev.safesqlite.internal.continuous.ContinuousProtection;
import dev.safesqlite.internal.continuous.ContinuousWorkload;
import dev.safesqlite.internal.engine.ProtectedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC 11's "--from URL works for all of it", run as the jar: on a new machine with only the
 * replica, {@code list --points}, {@code restore --at POSITION} and {@code restore --undo} give
 * the recorded content of that commit; a change file missing from the replica is refused naming
 * the range and the URL.
 */
class PointInTimeFromReplicaIT {

    @TempDir
    Path tmp;

    @Test
    void aNewMachineRestoresAnyPointAndUndoesFromTheReplicaAlone() throws Exception {
        Path nas = tmp.resolve("nas");
        Files.createDirectories(nas);
        String url = nas.toUri().toString();
        Path db = tmp.resolve("old/app.db");
        Files.createDirectories(db.getParent());
        TreeMap<Long, String> states = new TreeMap<>();
        long pointTxid;
        Random r = new Random(21);
        Properties p = new Properties();
        p.putAll(Map.of("safesqlite.backup.dir", tmp.resolve("old/backups").toString(), "safesqlite.replica.url", url,
                "safesqlite.continuous", "on", "safesqlite.continuous.lag", "200ms",
                "safesqlite.backup.on.startup", "false", "safesqlite.checkpoint.interval", "0"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            ContinuousWorkload.schema(c);
            ProtectedDatabase pd = ProtectedDatabase.of(db, SettingsResolver.builder().environment(Map.of())
                    .connectionProperties(p).resolve());
            ContinuousProtection cp = pd.continuous();
            assertTrue(eventually(cp::ready));
            states.put(cp.keepNow(), ContinuousWorkload.contentOf(c));
            for (int i = 0; i < 12; i++) {
                ContinuousWorkload.transaction(c, r, "v");
                states.put(cp.keepNow(), ContinuousWorkload.contentOf(c));
            }
            pointTxid = cp.restorePoint("pre-delete", "DELETE FROM a", "conn", "main").point().txid();
            for (int i = 0; i < 5; i++) {
                ContinuousWorkload.transaction(c, r, "v");
                states.put(cp.keepNow(), ContinuousWorkload.contentOf(c));
            }
            cp.stop();
            assertTrue(eventually(() -> pd.replication().status().pendingUploads() == 0));
        }
        long last = states.lastKey();

        Cli cli = new Cli(tmp);
        Path fresh = tmp.resolve("new/app.db");
        Files.createDirectories(fresh.getParent());
        Cli.Run list = cli.run("list", fresh.toString(), "--from", url, "--points", "--json");
        assertEquals(0, list.exit(), list.toString());
        assertEquals(1, list.json().getAsJsonArray("points").size(), list.toString());
        assertEquals("tx" + pointTxid, list.json().getAsJsonArray("points").get(0).getAsJsonObject().get("position").getAsString());
        assertEquals("tx" + last, list.json().getAsJsonObject("covered").get("last").getAsString(), list.toString());

        long middle = new ArrayList<>(states.keySet()).get(states.size() / 2);
        Cli.Run at = cli.run("restore", fresh.toString(), "--from", url, "--at", "tx" + middle, "--yes");
        assertEquals(0, at.exit(), at.toString());
        assertEquals("ok", ContinuousWorkload.integrity(fresh));
        assertEquals(states.get(middle), ContinuousWorkload.contentOf(fresh), at.toString());

        Path other = tmp.resolve("other/app.db");
        Files.createDirectories(other.getParent());
        Cli.Run undo = cli.run("restore", other.toString(), "--from", url, "--undo", "--yes");
        assertEquals(0, undo.exit(), undo.toString());
        assertEquals(states.get(pointTxid), ContinuousWorkload.contentOf(other), undo.toString());

        // A change file gone from the replica: refused, naming the range and where it should be.
        Path changes = nas.resolve("app/continuous/changes");
        List<ChangeFile.Name> names;
        try (Stream<Path> files = Files.list(changes)) {
            names = new ArrayList<>(files.map(f -> ChangeFile.Name.parse(f.getFileName().toString())).toList());
        }
        names.sort(Comparator.comparingLong(ChangeFile.Name::first));
        ChangeFile.Name victim = names.get(names.size() - 2);
        Files.delete(changes.resolve(victim.fileName()));
        Path third = tmp.resolve("third/app.db");
        Files.createDirectories(third.getParent());
        Cli.Run gap = cli.run("restore", third.toString(), "--from", url, "--at", "tx" + last, "--yes");
        assertNotEquals(0, gap.exit(), gap.toString());
        assertTrue(gap.err().contains("tx" + victim.first()) && gap.err().contains(url) && gap.err().contains("missing"),
                gap.toString());
    }
}
