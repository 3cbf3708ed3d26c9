package dev.safesqlite.replica;

import static dev.safesqlite.testing.TestDatabases.eventually;
import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.SafeSqlite;
import dev.safesqlite.internal.config.Settings;
import dev.safesqlite.internal.engine.ProtectedConnection;
import dev.safesqlite.internal.engine.ProtectedDatabase;
import dev.safesqlite.internal.engine.SqliteOpenProperties;
import dev.safesqlite.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.JDBC;

/** The store goes away and comes back: nothing pending is forgotten, in this JVM or across a restart; two JVMs share one replica. */
class ReplicaOutageTest {

    @TempDir
    Path tmp;

    private Map<String, String> settings(S3ProxyServer s3, Path backups, String prefix) {
        Map<String, String> m = s3.settings("s3://backups/" + prefix);
        m.put("safesqlite.backup.dir", backups.toString());
        m.put("safesqlite.backup.on.startup", "false");
        m.put("safesqlite.checkpoint.interval", "0");
        return m;
    }

    private static int objects(S3ProxyServer s3, String prefix) {
        try (var c = s3.client()) {
            return c.listObjectsV2(r -> r.bucket("backups").prefix(prefix)).contents().size();
        } catch (RuntimeException down) {
            return -1;
        }
    }

    @Test
    void aStatementDoesNotWaitForAStoppedStoreAndTheUploadFollowsWhenItIsBack() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(tmp.resolve("s3"))) {
            s3.createBucket("backups");
            Path db = ordersDatabase(tmp.resolve("live.db"), 100);
            Settings s = S3ReplicaTest.settingsObject(settings(s3, tmp.resolve("b"), "outage"));
            s3.stop();
            String url = "jdbc:sqlite:" + db;
            try (Connection raw = JDBC.createConnection(url, SqliteOpenProperties.of(url, new Properties(), s).properties())) {
                ProtectedConnection pc = ProtectedConnection.attach(raw, s);
                pc.beforeExecute("DELETE FROM orders", true, null); // returns once the local backup is made
                try (Statement st = raw.createStatement()) {
                    assertEquals(100, st.executeUpdate("DELETE FROM orders"));
                }
            }
            SafeSqlite api = SafeSqlite.of(db, settings(s3, tmp.resolve("b"), "outage"));
            assertEquals(1, api.stats().pendingUploads(), "known as pending while the store is down");
            assertTrue(eventually(() -> audit(tmp.resolve("b")).contains("\"event\":\"replica.failed\"")));

            s3.startAgain();
            assertTrue(eventually40(() -> objects(s3, "outage/live/") == 2), "the backup and its manifest arrive");
            assertTrue(eventually(() -> pending(api) == 0));
        }
    }

    @Test
    void aBackupTakenWhileTheStoreIsDownIsSentAfterTheJvmRestarts() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(tmp.resolve("s3"))) {
            s3.createBucket("backups");
            Path db = ordersDatabase(tmp.resolve("restart.db"), 10);
            s3.stop();
            ChildJvm child = ChildJvm.start(tmp.resolve("child"), "backup", ChildJvm.testClassPath(),
                    List.of("-Daws.accessKeyId=" + S3ProxyServer.IDENTITY, "-Daws.secretAccessKey=" + S3ProxyServer.CREDENTIAL),
                    BackupAndExit.class, db.toString(), tmp.resolve("b").toString(), "s3://backups/restart",
                    s3.endpoint().toString());
            assertEquals(0, child.waitFor(Duration.ofMinutes(2)), child.stderr());
            assertEquals(1, SafeSqlite.of(db, settings(s3, tmp.resolve("b"), "restart")).stats().pendingUploads());

            s3.startAgain();
            // The next start of an application on this database sends what the last one left pending.
            ProtectedDatabase.of(db, S3ReplicaTest.settingsObject(settings(s3, tmp.resolve("b"), "restart")));
            assertTrue(eventually40(() -> objects(s3, "restart/restart/") == 2));
        }
    }

    @Test
    void twoJvmsShareOneReplica() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(tmp.resolve("s3"))) {
            s3.createBucket("backups");
            List<ChildJvm> children = new ArrayList<>();
            for (String name : List.of("alpha", "beta")) {
                Files.createDirectories(tmp.resolve(name));
                Path db = ordersDatabase(tmp.resolve(name + "/" + name + ".db"), 10);
                children.add(ChildJvm.start(tmp.resolve(name), "app", ChildJvm.testClassPath(),
                        List.of("-Daws.accessKeyId=" + S3ProxyServer.IDENTITY,
                                "-Daws.secretAccessKey=" + S3ProxyServer.CREDENTIAL),
                        BackupAndExit.class, db.toString(), tmp.resolve(name + "/b").toString(), "s3://backups/shared",
                        s3.endpoint().toString(), "3"));
            }
            for (ChildJvm c : children) assertEquals(0, c.waitFor(Duration.ofMinutes(2)), c.stderr());
            for (String name : List.of("alpha", "beta")) {
                SafeSqlite s = SafeSqlite.of(tmp.resolve(name + "/" + name + ".db"), settings(s3, tmp.resolve(name + "/b"), "shared"));
                assertEquals(3, s.listReplica("s3://backups/shared").size(), name);
                assertTrue(s.verifyReplica("s3://backups/shared", false).stream().allMatch(dev.safesqlite.VerifyResult::ok));
            }
        }
    }

    private static int pending(SafeSqlite api) {
        try {
            return api.stats().pendingUploads();
        } catch (Exception e) {
            return -1;
        }
    }

    private static String audit(Path backups) {
        try {
            return Files.readString(backups.resolve("audit.log"));
        } catch (Exception e) {
            return "";
        }
    }

    /** Retries back off to 30 s, so this waits longer than the usual 20 s; it bounds a wait and asserts no speed. */
    static boolean eventually40(java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (c.getAsBoolean()) return true;
            Thread.sleep(100);
        }
        return c.getAsBoolean();
    }

    /** A child application: takes N manual backups, sends what it can, and exits (whatever the store's state). */
    public static final class BackupAndExit {
        public static void main(String[] args) throws Exception {
            int n = args.length > 4 ? Integer.parseInt(args[4]) : 1;
            SafeSqlite s = SafeSqlite.of(Path.of(args[0]), Map.of("safesqlite.backup.dir", args[1],
                    "safesqlite.replica.url", args[2], "safesqlite.replica.s3.endpoint", args[3],
                    "safesqlite.replica.s3.path.style", "true"));
            for (int i = 0; i < n; i++) s.backup();
            System.out.println(s.replicate());
        }
    }
}
