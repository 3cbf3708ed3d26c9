package dev.safesqlite.cli;

import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.replica.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replicas from the command line, run as the jar, against S3Proxy on loopback. */
class ReplicaCliIT {

    @TempDir
    Path tmp;

    private static final String URL = "s3://backups/site-a";

    private Cli cli() {
        return new Cli(tmp).withEnv("AWS_ACCESS_KEY_ID", S3ProxyServer.IDENTITY)
                .withEnv("AWS_SECRET_ACCESS_KEY", S3ProxyServer.CREDENTIAL);
    }

    private static String[] args(S3ProxyServer s3, String... first) {
        List<String> a = new ArrayList<>(List.of(first));
        a.addAll(List.of("-s", "replica.url=" + URL, "-s", "replica.s3.endpoint=" + s3.endpoint(),
                "-s", "replica.s3.path.style=true"));
        return a.toArray(String[]::new);
    }

    @Test
    void aNewMachineGetsTheDatabaseBackFromTheReplicaWithOneCommand() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(tmp.resolve("s3"))) {
            s3.createBucket("backups");
            Files.createDirectories(tmp.resolve("old"));
            Path db = ordersDatabase(tmp.resolve("old/app.db"), 30);
            Cli.Run backup = cli().run(args(s3, "backup", db.toString()));
            assertEquals(0, backup.exit(), backup.toString());
            assertTrue(backup.out().contains("sent to 1 replica"), backup.toString());

            Path fresh = tmp.resolve("new/app.db");
            Files.createDirectories(fresh.getParent());
            Cli.Run list = cli().run(args(s3, "list", fresh.toString(), "--from", URL, "--json"));
            assertEquals(0, list.exit(), list.toString());
            assertEquals(1, list.json().getAsJsonArray("backups").size(), list.toString());

            Cli.Run restore = cli().run(args(s3, "restore", fresh.toString(), "--from", URL, "--latest", "--yes"));
            assertEquals(0, restore.exit(), restore.toString());
            assertEquals(30, count(fresh));
            assertTrue(Files.list(tmp.resolve("new/backups")).anyMatch(p -> p.toString().endsWith("_manual.db")),
                    "the fetched backup is now also a local one");
        }
    }

    @Test
    void verifyFromTheReplicaFindsACorruptedObjectAndExitsThree() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(tmp.resolve("s3"))) {
            s3.createBucket("backups");
            Path db = ordersDatabase(tmp.resolve("v.db"), 200);
            assertEquals(0, cli().run(args(s3, "backup", db.toString())).exit());
            Cli.Run ok = cli().run(args(s3, "verify", db.toString(), "--from", URL));
            assertEquals(0, ok.exit(), ok.toString());

            Path object;
            try (var files = Files.walk(s3.bucketDir("backups").resolve("site-a/v"))) {
                object = files.filter(p -> p.toString().endsWith(".db")).findFirst().orElseThrow();
            }
            byte[] b = Files.readAllBytes(object);
            b[b.length / 3] ^= 0x20;
            Files.write(object, b);
            Cli.Run damaged = cli().run(args(s3, "verify", db.toString(), "--from", URL));
            assertEquals(3, damaged.exit(), damaged.toString());
            assertTrue(damaged.out().contains("DAMAGED") && damaged.out().contains("site-a/v/"), damaged.toString());
        }
    }

    @Test
    void aBackupTakenWhileTheStoreIsDownStaysPendingUntilReplicate() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(tmp.resolve("s3"))) {
            s3.createBucket("backups");
            Path db = ordersDatabase(tmp.resolve("p.db"), 10);
            s3.stop();
            Cli.Run backup = cli().run(args(s3, "backup", db.toString()));
            assertEquals(0, backup.exit(), "the local backup does not depend on the store: " + backup);
            assertTrue(backup.out().contains("1 pending") && backup.out().contains("cannot reach the store"), backup.toString());
            assertEquals(1, cli().run(args(s3, "stats", db.toString(), "--json")).json().get("pendingUploads").getAsInt());
            Cli.Run stillDown = cli().run(args(s3, "replicate", db.toString()));
            assertEquals(1, stillDown.exit(), stillDown.toString());

            s3.startAgain();
            Cli.Run replicate = cli().run(args(s3, "replicate", db.toString(), "--json"));
            assertEquals(0, replicate.exit(), replicate.toString());
            assertEquals(1, replicate.json().get("uploaded").getAsInt());
            assertEquals(0, cli().run(args(s3, "stats", db.toString(), "--json")).json().get("pendingUploads").getAsInt());
        }
    }

    @Test
    void aFullDiskWhileStagingADownloadIsNamedAndChangesNothing() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(tmp.resolve("s3"))) {
            s3.createBucket("backups");
            Files.createDirectories(tmp.resolve("old"));
            Path db = ordersDatabase(tmp.resolve("old/big.db"), 20_000);
            assertEquals(0, cli().run(args(s3, "backup", db.toString())).exit());
            Path fresh = tmp.resolve("new/big.db");
            Files.createDirectories(fresh.getParent());
            Cli.Run r = cli().runWithFileSizeLimit(64, args(s3, "restore", fresh.toString(), "--from", URL, "--latest", "--yes"));
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.err().contains("is full while staging") && r.err().contains("Nothing was changed"), r.toString());
            assertFalse(Files.exists(fresh));
        }
    }

    @Test
    void anUnknownSchemeIsAUsageError() throws Exception {
        Path db = ordersDatabase(tmp.resolve("u.db"), 1);
        Cli.Run r = new Cli(tmp).run("list", db.toString(), "--from", "ftp://host/x");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("'ftp'"), r.toString());
    }

    private static long count(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM orders")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
