package dev.safesqlite.replica;

import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.SafeSqlite;
import dev.safesqlite.internal.backup.BackupDirectory;
import dev.safesqlite.internal.backup.StoredBackup;
import dev.safesqlite.internal.config.Settings;
import dev.safesqlite.internal.replica.ReplicaStore;
import dev.safesqlite.internal.replica.ReplicaTarget;
import dev.safesqlite.internal.replica.ReplicaTargets;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest goes up last, and retention on the replica, against the real store. */
class ReplicaLayoutTest extends S3StoreFixture {

    @TempDir
    Path tmp;

    /** The real S3 target, with the order of its PUTs written down. */
    record Recording(ReplicaTarget real, List<String> puts) implements ReplicaTarget {
        public String url() {
            return real.url();
        }

        public void put(String key, Path file, String sha) throws IOException {
            real.put(key, file, sha);
            puts.add(key);
        }

        public List<String> list(String dir) throws IOException {
            return real.list(dir);
        }

        public InputStream get(String key) throws IOException {
            return real.get(key);
        }

        public void delete(String key) throws IOException {
            real.delete(key);
        }

        public void close() {
            real.close();
        }
    }

    @Test
    void theManifestGoesUpLastAndAnObjectWithoutOneIsNoBackup() throws Exception {
        Path db = ordersDatabase(tmp.resolve("order.db"), 5);
        Map<String, String> m = storeSettings("s3://backups/layout", tmp.resolve("b"));
        Settings settings = S3ReplicaTest.settingsObject(m);
        // The backup is taken without replica.url, so no background upload races the test's own
        // (it would put the manifest back after the test deleted it).
        Map<String, String> local = new java.util.HashMap<>(m);
        local.remove("safesqlite.replica.url");
        Settings localSettings = S3ReplicaTest.settingsObject(local);
        StoredBackup b = dev.safesqlite.internal.engine.ProtectedDatabase.detached(db, localSettings)
                .backup("manual", null, localSettings, false);
        List<String> puts = new CopyOnWriteArrayList<>();
        try (ReplicaStore rs = new ReplicaStore(new Recording(ReplicaTargets.open(URI.create("s3://backups/layout"),
                settings), puts), null, null)) {
            rs.upload(b, Files.createDirectories(tmp.resolve("staging")));
            String name = b.file().getFileName().toString();
            assertEquals(List.of("order/" + name, "order/" + name + ".json"), puts);
            assertEquals(1, rs.names("order").size());

            // An object whose manifest never arrived (a crash between the two PUTs) is not listed.
            try (var c = s3.client()) {
                c.deleteObject(d -> d.bucket("backups").key("layout/order/" + name + ".json"));
            }
            assertEquals(0, rs.names("order").size());
        }
    }

    @Test
    void retentionOnTheReplicaDeletesWhatLocalRetentionDeletesAndAudits() throws Exception {
        Path db = ordersDatabase(tmp.resolve("ret.db"), 5);
        Map<String, String> m = storeSettings("s3://backups/ret", tmp.resolve("b"));
        m.put("safesqlite.retain.last", "2");
        m.put("safesqlite.retain.daily", "0");
        m.put("safesqlite.retain.weekly", "0");
        m.put("safesqlite.retain.monthly", "0");
        m.put("safesqlite.retain.within", "0");
        SafeSqlite s = SafeSqlite.of(db, m);
        for (int i = 0; i < 4; i++) {
            s.backup("daily", false);
            assertTrue(s.replicate().ok());
        }
        assertEquals(2, s.listReplica("s3://backups/ret").size());
        try (var c = s3.client()) {
            assertEquals(4, c.listObjectsV2(r -> r.bucket("backups").prefix("ret/ret/")).contents().size());
        }
        String audit = Files.readString(tmp.resolve("b/audit.log"));
        assertEquals(2, audit.lines().filter(l -> l.contains("\"event\":\"replica.deleted\"")).count(), audit);
    }
}
