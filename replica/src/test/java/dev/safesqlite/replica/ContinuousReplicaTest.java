package dev.safesqlite.replica;

import static dev.safesqlite.internal.continuous.ContinuousWorkload.contentOf;
import static dev.safesqlite.internal.continuous.ContinuousWorkload.integrity;
import static dev.safesqlite.testing.TestDatabases.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.internal.backup.Manifest;
import dev.safesqlite.internal.backup.StoredBackup;
import dev.safesqlite.internal.config.Settings;
import dev.safesqlite.internal.continuous.ChangeFile;
import dev.safesqlite.internal.continuous.ChangeLog;
import dev.safesqlite.internal.continuous.ContinuousProtection;
import dev.safesqlite.internal.continuous.ContinuousWorkload;
import dev.safesqlite.internal.continuous.GapException;
import dev.safesqlite.internal.continuous.PointInTime;
import dev.safesqlite.internal.continuous.Snapshots;
import dev.safesqlite.internal.engine.ProtectedDatabase;
import dev.safesqlite.internal.replica.ReplicaException;
import dev.safesqlite.internal.replica.ReplicaRecovery;
import dev.safesqlite.internal.replica.StagedContinuous;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Continuous protection on replicas (SPEC 10, 11) against a real S3 server and file://: every
 * kept change and restore point reaches the replica, an outage loses nothing, and any recorded
 * commit is restored from the replica alone, content equal row for row, integrity_check ok.
 */
class ContinuousReplicaTest extends S3StoreFixture {

    private static final String SECRET = "card-5555444433331111-";

    @TempDir
    Path tmp;

    private static Map<String, String> settings(Map<String, String> replica, Path backups, String... more) {
        Map<String, String> m = new HashMap<>(replica);
        m.put("safesqlite.backup.dir", backups.toString());
        m.put("safesqlite.backup.on.startup", "false");
        m.put("safesqlite.checkpoint.interval", "0");
        m.put("safesqlite.continuous", "on");
        m.put("safesqlite.continuous.lag", "200ms");
        for (int i = 0; i < more.length; i += 2) m.put("safesqlite." + more[i], more[i + 1]);
        return m;
    }

    private static Map<String, String> fileReplica(Path dir) {
        return Map.of("safesqlite.replica.url", dir.toUri().toString());
    }

    /** An application writing to its database with continuous protection on; records the content after each commit. */
    private static final class App implements AutoCloseable {
        final Path db;
        final ProtectedDatabase pd;
        final ContinuousProtection cp;
        final Connection c;
        final TreeMap<Long, String> states = new TreeMap<>();

        App(Path db, Settings s) throws Exception {
            this.db = db;
            Files.createDirectories(db.getParent());
            c = DriverManager.getConnection("jdbc:sqlite:" + db);
            ContinuousWorkload.schema(c);
            pd = ProtectedDatabase.of(db, s);
            cp = pd.continuous();
            assertNotNull(cp, "continuous=on starts continuous protection");
            assertTrue(eventually(cp::ready), "continuous protection did not start");
            record();
        }

        long record() throws Exception {
            long txid = cp.keepNow();
            states.put(txid, contentOf(c));
            return txid;
        }

        long commit(Random r) throws Exception {
            ContinuousWorkload.transaction(c, r, SECRET);
            return record();
        }

        int pending() {
            return pd.replication().status().pendingUploads();
        }

        @Override
        public void close() throws Exception {
            cp.stop();
            c.close();
        }
    }

    /** Change file names on the replica, and whether every local file is there or held by a merged one there. */
    private static boolean replicaHoldsEveryLocalFile(List<String> remote, Path backups, Path db) {
        try {
            List<ChangeFile.Name> names = remote.stream().map(ChangeFile.Name::parse).toList();
            ChangeLog log = ChangeLog.of(backups, db);
            for (ChangeFile.Name n : log.files()) {
                if (names.stream().noneMatch(o -> o != null && o.first() <= n.first() && o.last() >= n.last())) return false;
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> s3Names(S3ProxyServer server, String prefix) {
        try (var client = server.client()) {
            List<String> out = new ArrayList<>();
            client.listObjectsV2Paginator(r -> r.bucket("backups").prefix(prefix)).contents()
                    .forEach(o -> out.add(o.key().substring(prefix.length())));
            return out;
        } catch (RuntimeException down) {
            return List.of();
        }
    }

    private static List<String> fileNames(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The chain on the replica holds every txid from its first file to {@code last}, with nothing left over from compaction. */
    private static boolean contiguousAndCompacted(List<String> remote, long last) {
        List<ChangeFile.Name> names = new ArrayList<>(remote.stream().map(ChangeFile.Name::parse).toList());
        names.sort(Comparator.comparingLong(ChangeFile.Name::first));
        long next = names.isEmpty() ? 1 : names.get(0).first();
        for (ChangeFile.Name n : names) {
            if (n.first() != next) return false; // a gap, or an overlap compaction should have removed
            next = n.last() + 1;
        }
        return next == last + 1;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** A new machine: no database, no backups; restores {@code count} random recorded commits from the replica alone. */
    private void restoreFromReplicaAlone(String url, Map<String, String> replicaSettings, Map<Long, String> states, Random r,
                                         int count) throws Exception {
        Path fresh = tmp.resolve("new-machine/app.db");
        Settings s = S3ReplicaTest.settingsObject(settings(replicaSettings, tmp.resolve("new-machine/backups"),
                "continuous", "off"));
        List<Long> txids = new ArrayList<>(states.keySet());
        try (StagedContinuous staged = new ReplicaRecovery(URI.create(url), s, fresh).stageContinuous()) {
            PointInTime.Covered covered = staged.covered();
            assertNotNull(covered);
            assertEquals(txids.get(txids.size() - 1), covered.lastTxid(), "the replica holds up to the last commit");
            for (int i = 0; i < count; i++) {
                long txid = i == 0 ? txids.get(txids.size() - 1) : txids.get(r.nextInt(txids.size()));
                Path out = Files.createTempFile(tmp, "restored-", ".db");
                staged.prepare(txid).materialize(txid, out);
                assertEquals("ok", integrity(out), "tx" + txid);
                assertEquals(states.get(txid), contentOf(out), "content of tx" + txid + " restored from " + url);
                Files.delete(out);
            }
        }
    }

    @Test
    void everyKeptChangeReachesTheS3ReplicaAndAnyCommitIsRestoredFromItAlone() throws Exception {
        String url = "s3://backups/pit";
        Map<String, String> replica = s3.settings(url);
        Path backups = tmp.resolve("old/backups");
        Path db = tmp.resolve("old/app.db");
        Random r = new Random(Long.getLong("pit.seed", 7));
        long pointTxid;
        String pointFile;
        try (App app = new App(db, S3ReplicaTest.settingsObject(settings(replica, backups)))) {
            ChangeLog.StoredPoint point = null;
            List<Long> arrivals = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                app.commit(r);
                if (i == 12) point = app.cp.restorePoint("pre-delete", "DELETE FROM a", "conn-1", "main");
                if (i == 25) app.cp.snapshotNow();
                // Each file arrives within the lag; the bound here is generous and asserts no speed.
                long t0 = System.nanoTime();
                assertTrue(eventually(() -> replicaHoldsEveryLocalFile(s3Names(s3, "pit/app/continuous/changes/"), backups, db)),
                        "a change file did not reach " + url);
                arrivals.add((System.nanoTime() - t0) / 1_000_000);
            }
            arrivals.sort(null);
            // Reported, not asserted: how long after keepNow() the change was listed on the server.
            // (the test output is shown only on failure, so the figure goes to target/continuous-replica-lag.txt)
            Files.writeString(Path.of("target", "continuous-replica-lag.txt"), "continuous replica lag on loopback S3 (ms): "
                    + "median " + arrivals.get(arrivals.size() / 2) + ", max " + arrivals.get(arrivals.size() - 1) + " over "
                    + arrivals.size() + " commits, continuous.lag=200ms\n");
            // Compaction runs at most once a second, and the 40 commits can end within one: merge
            // now, and commit once more, so that the replica's next run has merged files to send.
            app.cp.compact(); // 0 when the maintenance thread already merged them
            app.commit(r);
            pointTxid = point.point().txid();
            pointFile = point.file().getFileName().toString();
            app.close();
            assertTrue(eventually(() -> app.pending() == 0), "pending: " + app.pending());
            assertTrue(eventually(() -> contiguousAndCompacted(s3Names(s3, "pit/app/continuous/changes/"), app.states.lastKey())),
                    "compacted chain on the replica: " + s3Names(s3, "pit/app/continuous/changes/"));
            assertTrue(s3Names(s3, "pit/app/continuous/changes/").stream().anyMatch(n -> n.startsWith("L1-")),
                    "merged files went to the replica");
            assertTrue(s3Names(s3, "pit/app/continuous/points/").contains(pointFile));
            // The snapshots' manifests keep their position on the way.
            List<StoredBackup> snapshots = Snapshots.of(backups, db);
            assertEquals(2, snapshots.size());
            for (StoredBackup snap : snapshots) {
                try (var client = s3.client(); InputStream in = client.getObject(g -> g.bucket("backups")
                        .key("pit/app/" + snap.file().getFileName() + ".json"))) {
                    Manifest m = Manifest.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    assertEquals(snap.manifest().position(), m.position());
                }
            }
            String audit = Files.readString(backups.resolve("audit.log"));
            assertTrue(audit.contains("\"changes\""), "replica.uploaded names the change file");
            assertTrue(audit.contains("\"note\":\"compacted\""), "replica.deleted says why");

            deleteTree(backups);
            for (String f : List.of("app.db", "app.db-wal", "app.db-shm")) Files.deleteIfExists(tmp.resolve("old/" + f));
            restoreFromReplicaAlone(url, replica, app.states, r, 10);
        }

        Settings s = S3ReplicaTest.settingsObject(settings(replica, tmp.resolve("points/backups"), "continuous", "off"));
        try (StagedContinuous staged = new ReplicaRecovery(URI.create(url), s, tmp.resolve("points/app.db")).stageContinuous()) {
            List<ChangeLog.StoredPoint> points = staged.points();
            assertEquals(1, points.size());
            assertEquals(pointTxid, points.get(0).point().txid());
            assertEquals("DELETE FROM a", points.get(0).point().sql());
            assertEquals(2, staged.snapshots().size());
        }
    }

    @Test
    void theS3ServerStoppedMidStreamGetsEveryPendingFileWhenItIsBack() throws Exception {
        try (S3ProxyServer own = S3ProxyServer.start(tmp.resolve("s3-outage"))) {
            own.createBucket("backups");
            String url = "s3://backups/outage";
            Map<String, String> replica = own.settings(url);
            Path backups = tmp.resolve("old/backups");
            Path db = tmp.resolve("old/app.db");
            Random r = new Random(11);
            try (App app = new App(db, S3ReplicaTest.settingsObject(settings(replica, backups)))) {
                for (int i = 0; i < 8; i++) app.commit(r);
                assertTrue(eventually(() -> app.pending() == 0));
                own.stop();
                for (int i = 0; i < 20; i++) app.commit(r); // the application keeps writing; nothing waits for the store
                assertTrue(app.pending() > 0, "what the store has not confirmed is pending");
                own.startAgain();
                assertTrue(ReplicaOutageTest.eventually40(() -> app.pending() == 0), "pending: " + app.pending());
                app.close();
                assertTrue(eventually(() -> app.pending() == 0));
                assertTrue(contiguousAndCompacted(s3Names(own, "outage/app/continuous/changes/"), app.states.lastKey())
                        || replicaHoldsEveryLocalFile(s3Names(own, "outage/app/continuous/changes/"), backups, db));
                deleteTree(backups);
                Files.deleteIfExists(db);
                restoreFromReplicaAlone(url, replica, app.states, r, 8);
            }
        }
    }

    @Test
    void anEncryptedFileReplicaHoldsNoPlaintextAndRestoresWithTheKeyAlone() throws Exception {
        Path nas = tmp.resolve("nas");
        Files.createDirectories(nas);
        byte[] k = new byte[32];
        new Random(3).nextBytes(k);
        Path key = Files.writeString(tmp.resolve("key.b64"), Base64.getEncoder().encodeToString(k));
        Map<String, String> replica = new HashMap<>(fileReplica(nas));
        replica.put("safesqlite.replica.encrypt.key", "file:" + key);
        String url = replica.get("safesqlite.replica.url");
        Path backups = tmp.resolve("old/backups");
        Path db = tmp.resolve("old/app.db");
        Random r = new Random(5);
        try (App app = new App(db, S3ReplicaTest.settingsObject(settings(replica, backups)))) {
            for (int i = 0; i < 20; i++) app.commit(r);
            app.cp.restorePoint("pre-drop", "DROP TABLE b", "conn-2", "main");
            app.cp.snapshotNow();
            for (int i = 0; i < 5; i++) app.commit(r);
            app.close();
            assertTrue(eventually(() -> app.pending() == 0), "pending: " + app.pending());
            // the run that sent the last file may still prune what merged files replaced: a run
            // queued behind it on the replica thread returns once it ended, before the listing
            app.pd.replication().sendNow();
            List<Path> stored;
            try (Stream<Path> files = Files.walk(nas.resolve("app/continuous"))) {
                stored = files.filter(Files::isRegularFile).toList();
            }
            assertFalse(stored.isEmpty());
            for (Path p : stored) {
                assertTrue(p.getFileName().toString().endsWith(".enc"), p.toString());
                String bytes = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                assertFalse(bytes.contains(SECRET), "plaintext row in " + p);
                assertFalse(bytes.contains("SSQLCHG1"), "plaintext change file in " + p);
                assertFalse(bytes.contains("DROP TABLE"), "plaintext restore point in " + p);
            }
            List<Long> positions = Snapshots.of(backups, db).stream().map(b -> b.manifest().position()).sorted().toList();
            deleteTree(backups);
            Files.deleteIfExists(db);

            Settings withKey = S3ReplicaTest.settingsObject(settings(replica, tmp.resolve("k/backups"), "continuous", "off"));
            try (StagedContinuous staged = new ReplicaRecovery(URI.create(url), withKey, tmp.resolve("k/app.db")).stageContinuous()) {
                assertEquals(positions, staged.snapshots().stream().map(s -> s.manifest().position()).sorted().toList(),
                        "the sealed manifests keep the snapshots' positions");
                assertEquals("DROP TABLE b", staged.points().get(0).point().sql());
            }
            restoreFromReplicaAlone(url, replica, app.states, r, 8);

            Settings noKey = S3ReplicaTest.settingsObject(settings(fileReplica(nas), tmp.resolve("n/backups"), "continuous", "off"));
            ReplicaException e = assertThrows(ReplicaException.class,
                    () -> new ReplicaRecovery(URI.create(url), noKey, tmp.resolve("n/app.db")).stageContinuous().close());
            assertTrue(e.getMessage().contains("safesqlite.replica.encrypt.key"), e.getMessage());
        }
    }

    @Test
    void aMissingOrDamagedChangeFileOnTheReplicaIsRefusedNamingTheRangeAndTheUrl() throws Exception {
        Path nas = tmp.resolve("nas");
        Files.createDirectories(nas);
        Map<String, String> replica = fileReplica(nas);
        String url = replica.get("safesqlite.replica.url");
        Path backups = tmp.resolve("old/backups");
        Path db = tmp.resolve("old/app.db");
        Random r = new Random(9);
        long last;
        Map<Long, String> states;
        try (App app = new App(db, S3ReplicaTest.settingsObject(settings(replica, backups)))) {
            for (int i = 0; i < 10; i++) app.commit(r);
            app.close();
            assertTrue(eventually(() -> app.pending() == 0));
            last = app.states.lastKey();
            states = app.states;
        }
        Path changes = nas.resolve("app/continuous/changes");
        List<ChangeFile.Name> names = new ArrayList<>(fileNames(changes).stream().map(ChangeFile.Name::parse).toList());
        names.sort(Comparator.comparingLong(ChangeFile.Name::first));
        ChangeFile.Name victim = names.get(names.size() / 2);
        Path victimFile = changes.resolve(victim.fileName());
        byte[] original = Files.readAllBytes(victimFile);
        String range = "tx" + victim.first();
        Settings s = S3ReplicaTest.settingsObject(settings(replica, tmp.resolve("new/backups"), "continuous", "off"));

        Files.delete(victimFile);
        try (StagedContinuous staged = new ReplicaRecovery(URI.create(url), s, tmp.resolve("new/app.db")).stageContinuous()) {
            GapException e = assertThrows(GapException.class, () -> staged.prepare(last));
            assertTrue(e.getMessage().contains(range) && e.getMessage().contains(url) && e.getMessage().contains("missing"),
                    e.getMessage());
            long before = victim.first() - 1; // what lies before the gap still restores
            Path out = Files.createTempFile(tmp, "before-", ".db");
            staged.prepare(before).materialize(before, out);
            assertEquals(states.get(before), contentOf(out));
        }

        original[original.length / 2] ^= 0x40;
        Files.write(victimFile, original);
        try (StagedContinuous staged = new ReplicaRecovery(URI.create(url), s, tmp.resolve("new/app.db")).stageContinuous()) {
            GapException e = assertThrows(GapException.class, () -> staged.prepare(last));
            assertTrue(e.getMessage().contains(range) && e.getMessage().contains(url) && e.getMessage().contains("damaged"),
                    e.getMessage());
        }
    }

    @Test
    void retentionOnTheReplicaFollowsLocalRetentionAndKeepsWhatThisMachineStillHas() throws Exception {
        Path nas = tmp.resolve("nas");
        Files.createDirectories(nas);
        Map<String, String> replica = fileReplica(nas);
        String url = replica.get("safesqlite.replica.url");
        Path backups = tmp.resolve("old/backups");
        Path db = tmp.resolve("old/app.db");
        Random r = new Random(13);
        // Local retention: any point of the last second (continuous.retain), the newest backup otherwise.
        Settings s = S3ReplicaTest.settingsObject(settings(replica, backups, "continuous.retain", "1s", "retain.last", "1",
                "retain.daily", "0", "retain.weekly", "0", "retain.monthly", "0", "retain.within", "0s"));
        Path remoteChanges = nas.resolve("app/continuous/changes");
        try (App app = new App(db, s)) {
            for (int i = 0; i < 6; i++) app.commit(r);
            app.cp.restorePoint("pre-delete", "DELETE FROM a", "c", "main");
            for (int i = 0; i < 3; i++) app.commit(r);
            assertTrue(eventually(() -> app.pending() == 0));
            assertTrue(replicaHoldsEveryLocalFile(fileNames(remoteChanges), backups, db));
            app.cp.snapshotNow();
            long snapshotAt = app.states.lastKey();
            for (int i = 0; i < 4; i++) app.commit(r);

            // Once the snapshot is older than continuous.retain, local retention drops what lies before it ...
            ChangeLog log = ChangeLog.of(backups, db);
            assertTrue(eventually(() -> {
                try {
                    return log.files().stream().allMatch(n -> n.last() > snapshotAt) && log.points().isEmpty();
                } catch (IOException e) {
                    return false;
                }
            }), "local retention");
            // ... and the replica follows: nothing before its oldest snapshot is left, everything after it is there.
            assertTrue(eventually(() -> fileNames(remoteChanges).stream().map(ChangeFile.Name::parse)
                    .allMatch(n -> n.last() > snapshotAt) && fileNames(nas.resolve("app/continuous/points")).isEmpty()),
                    "the replica holds " + fileNames(remoteChanges));
            assertTrue(replicaHoldsEveryLocalFile(fileNames(remoteChanges), backups, db));
            app.close();
            assertTrue(eventually(() -> app.pending() == 0));

            deleteTree(backups);
            Files.deleteIfExists(db);
            Map<Long, String> restorable = new TreeMap<>(app.states.tailMap(snapshotAt, true));
            restoreFromReplicaAlone(url, replica, restorable, r, 5);
        }
    }

    @Test
    void fetchedIntoTheLocalBackupDirectoryTheOrdinaryPointInTimeRestoreGoesOnFromThere() throws Exception {
        Path nas = tmp.resolve("nas");
        Files.createDirectories(nas);
        Map<String, String> replica = fileReplica(nas);
        String url = replica.get("safesqlite.replica.url");
        Path db = tmp.resolve("old/app.db");
        Random r = new Random(17);
        long pointTxid;
        Map<Long, String> states;
        try (App app = new App(db, S3ReplicaTest.settingsObject(settings(replica, tmp.resolve("old/backups"))))) {
            for (int i = 0; i < 8; i++) app.commit(r);
            pointTxid = app.cp.restorePoint("pre-ddl", "DROP TABLE a", "c", "main").point().txid();
            for (int i = 0; i < 8; i++) app.commit(r);
            app.close();
            assertTrue(eventually(() -> app.pending() == 0));
            states = app.states;
        }
        deleteTree(tmp.resolve("old"));

        Path fresh = tmp.resolve("new/app.db");
        Path backups = tmp.resolve("new/backups");
        Settings s = S3ReplicaTest.settingsObject(settings(replica, backups, "continuous", "off"));
        long middle = new ArrayList<>(states.keySet()).get(states.size() / 3);
        StagedContinuous.Copied copied = new ReplicaRecovery(URI.create(url), s, fresh).fetchContinuous(middle);
        assertEquals(middle, copied.txid());
        assertTrue(copied.changeFiles() > 0 && copied.points() == 1, copied.toString());
        assertTrue(Files.isRegularFile(copied.snapshot().file()), "the snapshot is a local backup now");
        // What the local restore reads: the ordinary PointInTime over the local backup directory.
        PointInTime local = new PointInTime(backups, fresh);
        for (long txid : List.of(middle, states.keySet().stream().max(Long::compare).orElseThrow())) {
            Path out = Files.createTempFile(tmp, "restored-", ".db");
            local.materialize(txid, out);
            assertEquals("ok", integrity(out));
            assertEquals(states.get(txid), contentOf(out), "tx" + txid);
        }
        assertEquals(pointTxid, ChangeLog.of(backups, fresh).points().get(0).point().txid());

        StagedContinuous.Copied undo = new ReplicaRecovery(URI.create(url), s, fresh).fetchContinuousForUndo();
        assertEquals(pointTxid, undo.txid());
        assertEquals(0, undo.changeFiles(), "files already here are not fetched again");
        Instant pointTime = Instant.parse(ChangeLog.of(backups, fresh).points().get(0).point().created());
        StagedContinuous.Copied at = new ReplicaRecovery(URI.create(url), s, fresh).fetchContinuous(pointTime);
        assertTrue(at.txid() >= pointTxid, at.toString());
    }

    @Test
    void changesLeftPendingByAnExitedJvmAreSentAtTheNextStart() throws Exception {
        Path nas = tmp.resolve("nas");
        Files.writeString(nas, "not mounted"); // a file where the replica's directory should be: nothing can be sent
        Path db = tmp.resolve("old/app.db");
        Files.createDirectories(db.getParent());
        Path backups = tmp.resolve("old/backups");
        String url = nas.toUri().toString();
        dev.safesqlite.testing.ChildJvm child = dev.safesqlite.testing.ChildJvm.start(tmp.resolve("child"), "writer",
                dev.safesqlite.testing.ChildJvm.testClassPath(), List.of(), WriteAndExit.class, db.toString(),
                backups.toString(), url);
        assertEquals(0, child.waitFor(java.time.Duration.ofMinutes(2)), child.stderr());
        long last = Long.parseLong(child.stdout().trim().lines().reduce((a, b) -> b).orElseThrow());
        String content;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            content = contentOf(c);
        }

        Files.delete(nas);
        Files.createDirectories(nas);
        Map<String, String> replica = fileReplica(nas);
        // The next start of the application sends what the last one left pending.
        ProtectedDatabase pd = ProtectedDatabase.of(db, S3ReplicaTest.settingsObject(settings(replica, backups)));
        assertTrue(eventually(() -> pd.replication().status().pendingUploads() == 0),
                "pending: " + pd.replication().status().pendingUploads());
        assertTrue(replicaHoldsEveryLocalFile(fileNames(nas.resolve("app/continuous/changes")), backups, db));
        pd.continuous().stop();
        restoreFromReplicaAlone(url, replica, Map.of(last, content), new Random(1), 1);
    }

    @Test
    void anEncryptedS3ReplicaRestoresAnyCommitWithTheKeyAlone() throws Exception {
        byte[] k = new byte[32];
        new Random(4).nextBytes(k);
        Path key = Files.writeString(tmp.resolve("s3key.b64"), Base64.getEncoder().encodeToString(k));
        String url = "s3://backups/pit-enc";
        Map<String, String> replica = s3.settings(url);
        replica.put("safesqlite.replica.encrypt.key", "file:" + key);
        Path backups = tmp.resolve("old/backups");
        Path db = tmp.resolve("old/app.db");
        Random r = new Random(8);
        try (App app = new App(db, S3ReplicaTest.settingsObject(settings(replica, backups)))) {
            for (int i = 0; i < 12; i++) app.commit(r);
            app.cp.restorePoint("pre-update", "UPDATE a SET n = 0", "c", "main");
            app.cp.snapshotNow();
            for (int i = 0; i < 6; i++) app.commit(r);
            app.close();
            assertTrue(eventually(() -> app.pending() == 0), "pending: " + app.pending());
            List<String> objects = new ArrayList<>(s3Names(s3, "pit-enc/app/continuous/changes/"));
            objects.addAll(s3Names(s3, "pit-enc/app/continuous/points/"));
            assertFalse(objects.isEmpty());
            assertTrue(objects.stream().allMatch(n -> n.endsWith(".enc")), objects.toString());
            try (Stream<Path> files = Files.walk(s3.bucketDir("backups").resolve("pit-enc"))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    assertFalse(bytes.contains(SECRET) || bytes.contains("SSQLCHG1") || bytes.contains("UPDATE a"),
                            "plaintext in " + f);
                }
            }
            deleteTree(backups);
            Files.deleteIfExists(db);
            restoreFromReplicaAlone(url, replica, app.states, r, 6);
        }
    }

    /** A child application: continuous protection on, the replica unreachable; writes, prints the last txid, exits. */
    public static final class WriteAndExit {
        public static void main(String[] args) throws Exception {
            Path db = Path.of(args[0]);
            Settings s = S3ReplicaTest.settingsObject(settings(Map.of("safesqlite.replica.url", args[2]), Path.of(args[1])));
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
                ContinuousWorkload.schema(c);
                ContinuousProtection cp = ProtectedDatabase.of(db, s).continuous();
                if (!eventually(cp::ready)) throw new IllegalStateException("continuous protection did not start");
                Random r = new Random(23);
                long txid = 0;
                for (int i = 0; i < 10; i++) {
                    ContinuousWorkload.transaction(c, r, "x");
                    txid = cp.keepNow();
                }
                cp.restorePoint("pre-delete", "DELETE FROM b", "c", "main");
                cp.stop();
                System.out.println(txid);
            }
            System.exit(0);
        }
    }
}
