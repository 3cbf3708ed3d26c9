package dev.safesqlite.internal.replica;

import static dev.safesqlite.testing.TestDatabases.eventually;
import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.BackupInfo;
import dev.safesqlite.ReplicaBackup;
import dev.safesqlite.ReplicationResult;
import dev.safesqlite.RestoreResult;
import dev.safesqlite.SafeSqlite;
import dev.safesqlite.internal.config.InvalidSettingException;
import dev.safesqlite.internal.config.Settings;
import dev.safesqlite.internal.engine.ProtectedConnection;
import dev.safesqlite.internal.engine.SqliteOpenProperties;
import java.util.Properties;
import org.sqlite.JDBC;
import dev.safesqlite.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's replication against a {@code file:///} replica: no S3 module on this class path. */
class FileReplicaTest {

    @TempDir
    Path tmp;

    /**
     * A replica run goes on after what a test waits for (the marker, the file on the replica):
     * pruning, audit lines. A run queued behind it on the replica thread returns once it ended,
     * so @TempDir is not deleted under it. Only for replicas with nothing pending: an unreachable
     * one would be tried again.
     */
    @org.junit.jupiter.api.AfterEach
    void waitForReplicaRuns() throws Exception {
        for (dev.safesqlite.internal.engine.ProtectedDatabase d : dev.safesqlite.internal.engine.ProtectedDatabase.all()) {
            Replication r = d.replication();
            if (d.file().startsWith(tmp) && r != null && r.enabled() && r.status().pendingUploads() == 0) r.sendNow();
        }
        dev.safesqlite.testing.TestDatabases.drainBackgroundWork();
    }

    private Map<String, String> settings(Path backups, Path replica, String... more) {
        Map<String, String> m = new HashMap<>();
        m.put("safesqlite.backup.dir", backups.toString());
        m.put("safesqlite.replica.url", replica.toUri().toString());
        for (int i = 0; i < more.length; i += 2) m.put("safesqlite." + more[i], more[i + 1]);
        return m;
    }

    @Test
    void aBackupGoesToTheReplicaWithItsManifestAndIsAudited() throws Exception {
        Path db = ordersDatabase(tmp.resolve("shop.db"), 25);
        Path replica = tmp.resolve("replica");
        SafeSqlite s = SafeSqlite.of(db, settings(tmp.resolve("b"), replica));
        BackupInfo b = s.backup();
        ReplicationResult r = s.replicate();
        assertTrue(r.ok(), r.toString());

        Path object = replica.resolve("shop").resolve(b.file().getFileName().toString());
        assertEquals(b.sha256(), FileReplicaTarget.sha256(object));
        assertEquals(Files.readString(b.file().resolveSibling(b.file().getFileName() + ".json")),
                Files.readString(object.resolveSibling(object.getFileName() + ".json")), "the manifest, the same as on disk");
        assertEquals(0, s.stats().pendingUploads());
        assertEquals(0, s.stats().replicaLagMillis());
        assertTrue(Files.readString(tmp.resolve("b/audit.log")).contains("\"event\":\"replica.uploaded\""));
    }

    @Test
    void aBackupTakenBeforeAStatementIsSentInTheBackground() throws Exception {
        Path db = ordersDatabase(tmp.resolve("bg.db"), 10);
        Path replica = tmp.resolve("replica");
        Settings s = TestDatabases.settings("backup.dir", tmp.resolve("b").toString(), "replica.url",
                replica.toUri().toString(), "backup.on.startup", "false", "checkpoint.interval", "0");
        String url = "jdbc:sqlite:" + db;
        try (Connection raw = JDBC.createConnection(url, SqliteOpenProperties.of(url, new Properties(), s).properties())) {
            ProtectedConnection pc = ProtectedConnection.attach(raw, s);
            pc.beforeExecute("DROP TABLE orders", true, null); // what a front does before the statement runs
            try (Statement st = raw.createStatement()) {
                st.execute("DROP TABLE orders");
            }
        }
        assertTrue(eventually(() -> names(replica.resolve("bg")).stream().anyMatch(n -> n.endsWith("_pre-ddl.db.json"))),
                "the pre-ddl backup reaches the replica");
    }

    @Test
    void anUnreachableReplicaKeepsTheBackupPendingUntilItIsBack() throws Exception {
        Path db = ordersDatabase(tmp.resolve("out.db"), 10);
        Path mount = tmp.resolve("nas");
        Files.writeString(mount, "not mounted"); // a file where the directory should be: nothing can be written
        SafeSqlite s = SafeSqlite.of(db, settings(tmp.resolve("b"), mount.resolve("replica")));
        s.backup();
        ReplicationResult failed = s.replicate();
        assertFalse(failed.ok());
        assertTrue(failed.failures().get(0).contains(mount.resolve("replica").toUri().toString()), failed.toString());
        assertEquals(1, s.stats().pendingUploads());
        assertTrue(s.stats().replicaLagMillis() >= 0);
        assertTrue(Files.readString(tmp.resolve("b/audit.log")).contains("\"event\":\"replica.failed\""));

        Files.delete(mount);
        Files.createDirectories(mount.resolve("replica"));
        // A new process (here: a new SafeSqlite) finds the pending upload on disk, not in memory.
        SafeSqlite again = SafeSqlite.of(db, settings(tmp.resolve("b"), mount.resolve("replica")));
        assertEquals(1, again.stats().pendingUploads());
        assertTrue(again.replicate().ok());
        assertEquals(0, again.stats().pendingUploads());
        assertEquals(1, again.listReplica(mount.resolve("replica").toUri().toString()).size());
    }

    @Test
    void localRetentionKeepsABackupUntilEveryReplicaHasIt() throws Exception {
        Path db = ordersDatabase(tmp.resolve("kept.db"), 10);
        Path mount = Files.writeString(tmp.resolve("offline"), "a file where the replica's directory should be");
        Map<String, String> settings = settings(tmp.resolve("b"), mount.resolve("r"), "retain.last", "1",
                "retain.daily", "0", "retain.weekly", "0", "retain.monthly", "0", "retain.within", "0");
        SafeSqlite s = SafeSqlite.of(db, settings);
        for (int i = 0; i < 3; i++) s.backup("daily", false);
        assertEquals(3, s.list().size(), "none is on the replica yet: deleting one would lose the only copy it will get");
        assertTrue(s.prune(true).isEmpty(), "a dry run would delete none of them either");

        Files.delete(mount);
        Files.createDirectories(mount.resolve("r"));
        assertTrue(s.replicate().ok());
        assertEquals(1, s.list().size(), "once sent, retain.last=1 applies again, right after the upload");
        assertEquals(1, s.listReplica(mount.resolve("r").toUri().toString()).size(), "and on the replica");
        assertTrue(Files.readString(tmp.resolve("b/audit.log")).contains("\"event\":\"retention.deleted\""));
    }

    @Test
    void theMBeanShowsPendingUploadsAndReplicaLag() throws Exception {
        Path db = ordersDatabase(tmp.resolve("mbeanreplica.db"), 5);
        Path mount = Files.writeString(tmp.resolve("unmounted"), "a file where the replica's directory should be");
        Settings s = TestDatabases.settings("backup.dir", tmp.resolve("b").toString(), "replica.url",
                mount.resolve("r").toUri().toString(), "backup.on.startup", "false", "checkpoint.interval", "0");
        dev.safesqlite.internal.engine.ProtectedDatabase pd = dev.safesqlite.internal.engine.ProtectedDatabase.of(db, s);
        pd.backup("manual", null, s, false);
        javax.management.ObjectName name = new javax.management.ObjectName("dev.safesqlite:type=Database,name=mbeanreplica");
        var server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        assertTrue(eventually(() -> server.isRegistered(name)), "registered shortly after the database opened");
        assertEquals(1, server.getAttribute(name, "PendingUploads"));
        assertTrue((Long) server.getAttribute(name, "ReplicaLag") >= 0);

        Files.delete(mount);
        Files.createDirectories(mount.resolve("r"));
        assertTrue(eventually(() -> {
            try {
                return Integer.valueOf(0).equals(server.getAttribute(name, "PendingUploads"));
            } catch (Exception e) {
                return false;
            }
        }), "sent by the background retry once the replica is back");
        assertEquals(0L, server.getAttribute(name, "ReplicaLag"));
    }

    @Test
    void aNewMachineRestoresFromTheReplicaAlone() throws Exception {
        Files.createDirectories(tmp.resolve("old"));
        Path db = ordersDatabase(tmp.resolve("old/app.db"), 40);
        Path replica = tmp.resolve("replica");
        SafeSqlite s = SafeSqlite.of(db, settings(tmp.resolve("old/backups"), replica));
        s.backup();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("DELETE FROM orders WHERE id > 30");
        }
        s.backup();
        assertTrue(s.replicate().ok());

        Path fresh = tmp.resolve("new/app.db");
        Files.createDirectories(fresh.getParent());
        SafeSqlite n = SafeSqlite.of(fresh, Map.of("safesqlite.backup.dir", tmp.resolve("new/backups").toString()));
        List<ReplicaBackup> there = n.listReplica(replica.toUri().toString());
        assertEquals(2, there.size());
        assertEquals(Map.of("orders", 30L), there.get(0).tables());
        RestoreResult r = n.restoreFromReplica(replica.toUri().toString(), null);
        assertEquals(Map.of("orders", 30L), r.rowsAfter());
        assertEquals(30, count(fresh));
        RestoreResult older = n.restore(n.fetchFromReplica(replica.toUri().toString(), there.get(0).created()).file());
        assertEquals(Map.of("orders", 40L), older.rowsAfter());
    }

    @Test
    void retentionOnTheReplicaFollowsLocalRetentionButKeepModeDeletesNothing() throws Exception {
        Path db = ordersDatabase(tmp.resolve("ret.db"), 5);
        Path replica = tmp.resolve("replica");
        String[] retain = {"retain.last", "2", "retain.daily", "0", "retain.weekly", "0", "retain.monthly", "0",
                "retain.within", "0"};
        SafeSqlite s = SafeSqlite.of(db, settings(tmp.resolve("b"), replica, retain));
        for (int i = 0; i < 4; i++) {
            s.backup("daily", false);
            var rr = s.replicate();
            assertTrue(rr.ok(), rr.toString());
        }
        assertEquals(2, s.list().size());
        assertEquals(2, s.listReplica(replica.toUri().toString()).size());
        assertTrue(Files.readString(tmp.resolve("b/audit.log")).contains("\"event\":\"replica.deleted\""));

        Path kept = tmp.resolve("kept");
        Map<String, String> keep = settings(tmp.resolve("b2"), kept, retain);
        keep.put("safesqlite.replica.retain", "keep");
        SafeSqlite k = SafeSqlite.of(db, keep);
        for (int i = 0; i < 4; i++) {
            k.backup("daily", false);
            assertTrue(k.replicate().ok());
        }
        assertEquals(4, k.listReplica(kept.toUri().toString()).size());
    }

    @Test
    void aReplicaHoldingBackupsThisMachineLostKeepsThem() throws Exception {
        Path replica = tmp.resolve("replica");
        String[] retain = {"retain.last", "3", "retain.daily", "0", "retain.weekly", "0", "retain.monthly", "0",
                "retain.within", "0"};
        Files.createDirectories(tmp.resolve("a"));
        Files.createDirectories(tmp.resolve("c"));
        Path db = ordersDatabase(tmp.resolve("a/keep.db"), 5);
        SafeSqlite s = SafeSqlite.of(db, settings(tmp.resolve("a/b"), replica, retain));
        for (int i = 0; i < 3; i++) s.backup("daily", false);
        assertTrue(s.replicate().ok());

        // The disk is lost: the same database on a new machine, no local backups, one new backup.
        Path again = ordersDatabase(tmp.resolve("c/keep.db"), 5);
        SafeSqlite t = SafeSqlite.of(again, settings(tmp.resolve("c/b"), replica, retain));
        t.backup("daily", false);
        assertTrue(t.replicate().ok());
        assertEquals(3, t.listReplica(replica.toUri().toString()).size(),
                "the replica's backups count for retention: it does not mirror an empty disk");
    }

    @Test
    void anS3UrlWithoutTheReplicaModuleNamesTheArtifact() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> TestDatabases.settings("replica.url", "s3://bucket/prefix"));
        assertTrue(e.getMessage().contains("dev.safesqlite:safesqlite-replica"), e.getMessage());
        assertTrue(e.getMessage().contains("safesqlite.replica.url"), e.getMessage());
    }

    @Test
    void anUnknownSchemeOrAMissingBucketIsNamed() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> TestDatabases.settings("replica.url", "ftp://host/x"));
        assertTrue(e.getMessage().contains("'ftp'") && e.getMessage().contains("safesqlite.replica.url"), e.getMessage());
        InvalidSettingException noBucket = assertThrows(InvalidSettingException.class,
                () -> TestDatabases.settings("replica.url", "s3:///prefix"));
        assertTrue(noBucket.getMessage().contains("names no bucket"), noBucket.getMessage());
        InvalidSettingException relative = assertThrows(InvalidSettingException.class,
                () -> TestDatabases.settings("replica.url", "file:relative/path"));
        assertTrue(relative.getMessage().contains("file:///"), relative.getMessage());
    }

    private static List<String> names(Path dir) {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        } catch (Exception e) {
            return List.of();
        }
    }

    private static long count(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM orders")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
