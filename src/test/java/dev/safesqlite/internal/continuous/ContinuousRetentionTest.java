package dev.safesqlite.internal.continuous;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.internal.audit.Audit;
import dev.safesqlite.internal.audit.AuditEvent;
import dev.safesqlite.internal.backup.BackupDirectory;
import dev.safesqlite.internal.backup.StoredBackup;
import dev.safesqlite.internal.config.Settings;
import dev.safesqlite.internal.engine.ProtectedDatabase;
import dev.safesqlite.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * continuous.retain (SPEC 11) on real files: what is older than the newest snapshot at or before
 * now − retain goes, everything a point of the retained range needs stays, and backup retention
 * never deletes a snapshot that range is rebuilt from.
 */
class ContinuousRetentionTest {

    @TempDir
    Path tmp;

    private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    private Path db;
    private Path backups;
    private long[] atSnapshot = new long[2];
    private long lastTxid;

    /** Three commits, a snapshot, two commits, a snapshot, one commit; a restore point before the last commit before each snapshot. */
    private void history(Settings settings) throws Exception {
        db = TestDatabases.ordersDatabase(tmp.resolve("app.db"), 20);
        backups = tmp.resolve("backups");
        ContinuousProtection cp = new ContinuousProtection(db, backups, settings, new Audit(events::add));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            cp.start();
            assertTrue(TestDatabases.eventually(cp::ready), "continuous protection did not start");
            int[] counts = {3, 2, 1};
            for (int part = 0; part < 3; part++) {
                for (int i = 0; i < counts[part]; i++) {
                    if (part < 2 && i == counts[part] - 1) {
                        cp.restorePoint("pre-delete", "DELETE FROM orders /* " + part + " */", "conn", "main");
                    }
                    st.executeUpdate("INSERT INTO orders(item, qty) VALUES ('p" + part + "-" + i + "', 1)");
                    lastTxid = cp.keepNow();
                }
                if (part < 2) {
                    Thread.sleep(5); // snapshots in different milliseconds, so a cutoff lies between them
                    cp.snapshotNow();
                    atSnapshot[part] = lastTxid;
                }
            }
        } finally {
            cp.stop();
        }
    }

    private static Settings settings(String... more) throws Exception {
        String[] base = {"continuous", "on", "continuous.lag", "50ms", "continuous.retain", "1h"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return TestDatabases.settings(all);
    }

    private StoredBackup snapshotAt(long txid) throws Exception {
        return Snapshots.of(backups, db).stream().filter(s -> s.manifest().position() == txid).findFirst().orElseThrow();
    }

    @Test
    void deletesChangesAndPointsOlderThanTheNewestSnapshotBeforeTheRetainedRangeAndKeepsEverythingAfterIt()
            throws Exception {
        history(settings());
        StoredBackup first = snapshotAt(atSnapshot[0]);
        ChangeLog log = ChangeLog.of(backups, db);
        assertTrue(log.files().stream().anyMatch(n -> n.last() <= atSnapshot[0]), "changes before the first snapshot exist");
        // now − retain is the first snapshot's time: it is the anchor.
        Instant now = Instant.parse(first.manifest().created()).plus(Duration.ofHours(1));
        ContinuousRetention retention = new ContinuousRetention(backups, db, Duration.ofHours(1), new Audit(events::add),
                f -> false);

        ContinuousRetention.Deleted deleted = retention.run(now);

        assertFalse(deleted.changes().isEmpty());
        assertTrue(log.files().stream().allMatch(n -> n.last() > atSnapshot[0]), "left: " + log.files());
        assertEquals(List.of(atSnapshot[1] - 1), log.points().stream().map(p -> p.point().txid()).toList(),
                "the point before the anchor went, the one after it stayed");
        PointInTime pit = new PointInTime(backups, db);
        assertEquals(atSnapshot[0], pit.covered().firstTxid(), "the range starts at the anchor, not at an older snapshot");
        assertEquals(lastTxid, pit.covered().lastTxid());
        for (long tx = atSnapshot[0]; tx <= lastTxid; tx++) {
            Path out = Files.createTempFile(tmp, "at-", ".db");
            pit.materialize(tx, out); // every point of the retained range still restores
            assertEquals("ok", ContentHash.integrity(out), "tx" + tx);
        }
        long audited = events.stream().filter(e -> e.event().equals("retention.deleted")).count();
        assertEquals(deleted.changes().size() + deleted.points().size(), audited);
        assertTrue(events.stream().anyMatch(e -> e.event().equals("retention.deleted") && e.fields().containsKey("point")
                && "DELETE FROM orders /* 0 */".equals(e.fields().get("sql"))));
    }

    @Test
    void neverDeletesTheLastSnapshotNorTheNewestChangesNorWhatAReplicaOwes() throws Exception {
        history(settings());
        ChangeLog log = ChangeLog.of(backups, db);
        Set<String> owed = log.files().stream().filter(n -> n.first() == 1).map(ChangeFile.Name::fileName)
                .collect(Collectors.toSet());
        assertEquals(1, owed.size());
        ContinuousRetention retention = new ContinuousRetention(backups, db, Duration.ofHours(1), new Audit(events::add),
                f -> owed.contains(f.getFileName().toString()));

        retention.run(Instant.now().plus(Duration.ofDays(365)));

        StoredBackup newest = Snapshots.of(backups, db).get(0);
        assertEquals(atSnapshot[1], newest.manifest().position());
        assertTrue(Files.exists(newest.file()));
        assertTrue(log.files().stream().anyMatch(n -> n.last() == lastTxid), "the newest change file stays: " + log.files());
        assertTrue(log.files().stream().anyMatch(n -> owed.contains(n.fileName())), "a replica still owes it");
        Path out = Files.createTempFile(tmp, "at-", ".db");
        new PointInTime(backups, db).materialize(lastTxid, out);
        assertEquals("ok", ContentHash.integrity(out));

        // Nothing older than the retained range: nothing is deleted.
        events.clear();
        ContinuousRetention.Deleted none = new ContinuousRetention(backups, db, Duration.ofDays(3650),
                new Audit(events::add), f -> false).run(Instant.now());
        assertTrue(none.changes().isEmpty() && none.points().isEmpty());
    }

    @Test
    void backupRetentionKeepsTheSnapshotsTheRetainedRangeNeeds() throws Exception {
        Settings s = settings("retain.last", "1", "retain.daily", "0", "retain.weekly", "0", "retain.monthly", "0",
                "retain.within", "0", "backup.dir", tmp.resolve("backups").toString(), "backup.on.startup", "false");
        history(s);
        ProtectedDatabase engine = ProtectedDatabase.detached(db, s);
        engine.backup("daily", null, s, false);
        engine.backup("daily", null, s, false);
        // Every snapshot is younger than continuous.retain (1h): all of them are needed.
        List<StoredBackup> left = engine.backups();
        assertEquals(3, left.stream().filter(b -> Snapshots.REASON.equals(b.manifest().reason())).count(), left.toString());
        assertEquals(1, left.stream().filter(b -> "daily".equals(b.manifest().reason())).count(), left.toString());
        engine.prune(BackupDirectory.open(backups), false);
        assertEquals(3, engine.backups().stream().filter(b -> Snapshots.REASON.equals(b.manifest().reason())).count());
    }

    @Test
    void whatContinuousProtectionKeepsIsReadableByItsOwnerOnly() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        history(settings());
        ChangeLog log = ChangeLog.of(backups, db);
        for (Path dir : List.of(backups, log.directory(), log.changesDirectory(), log.pointsDirectory())) {
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir)), dir.toString());
        }
        List<Path> kept = new java.util.ArrayList<>();
        for (StoredBackup s : Snapshots.of(backups, db)) kept.add(s.file());
        for (ChangeFile.Name n : log.files()) kept.add(log.file(n));
        for (ChangeLog.StoredPoint p : log.points()) kept.add(p.file());
        for (Path f : kept) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(f)), f.toString());
        }
    }

    @Test
    void aStoppedProtectionHoldsNoFileOfTheDatabaseOpen() throws Exception {
        Path fds = Path.of("/proc/self/fd");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(fds), "needs /proc");
        history(settings());
        assertTrue(events.stream().noneMatch(e -> e.event().equals("continuous.failed")), events.toString());
        List<String> open;
        try (var s = Files.list(fds)) {
            open = s.map(p -> {
                try {
                    return Files.readSymbolicLink(p).toString();
                } catch (Exception e) {
                    return "";
                }
            }).filter(t -> t.startsWith(db.toString())).toList();
        }
        assertEquals(List.of(), open, "a restore needs the database free once the application stopped");
    }
}
