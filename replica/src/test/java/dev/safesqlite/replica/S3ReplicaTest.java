package dev.safesqlite.replica;

import static dev.safesqlite.testing.TestDatabases.eventually;
import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.BackupInfo;
import dev.safesqlite.ReplicaBackup;
import dev.safesqlite.ReplicationResult;
import dev.safesqlite.SafeSqlite;
import dev.safesqlite.VerifyResult;
import dev.safesqlite.internal.config.SettingsResolver;
import dev.safesqlite.internal.replica.ReplicaException;
import dev.safesqlite.internal.replica.ReplicaTarget;
import dev.safesqlite.internal.replica.ReplicaTargets;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replicas against a real S3 server (S3Proxy on loopback); no mock of the SDK anywhere. */
class S3ReplicaTest extends S3StoreFixture {

    @TempDir
    Path tmp;

    private Map<String, String> settings(String prefix, String... more) {
        Map<String, String> m = storeSettings("s3://backups/" + prefix, tmp.resolve("backups"));
        for (int i = 0; i < more.length; i += 2) m.put("safesqlite." + more[i], more[i + 1]);
        return m;
    }

    @Test
    void aBackupIsStoredUnderPrefixDbNameWithItsManifestAndTheSameSha256() throws Exception {
        Path db = ordersDatabase(tmp.resolve("shop.db"), 50);
        SafeSqlite s = SafeSqlite.of(db, settings("prod/eu"));
        BackupInfo b = s.backup();
        ReplicationResult r = s.replicate();
        assertTrue(r.ok(), r.toString()); // sent by this call or already by the background thread

        String key = "prod/eu/shop/" + b.file().getFileName();
        try (var c = s3.client(); InputStream in = c.getObject(g -> g.bucket("backups").key(key))) {
            assertEquals(b.sha256(), sha256(in.readAllBytes()));
        }
        try (var c = s3.client(); InputStream in = c.getObject(g -> g.bucket("backups").key(key + ".json"))) {
            assertEquals(Files.readString(b.file().resolveSibling(b.file().getFileName() + ".json")),
                    new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        assertEquals(0, s.stats().pendingUploads());
        String audit = Files.readString(tmp.resolve("backups/audit.log"));
        assertTrue(audit.contains("\"event\":\"replica.uploaded\""), audit);
        assertFalse(audit.contains(S3ProxyServer.CREDENTIAL), "credentials are never written");
        List<ReplicaBackup> listed = s.listReplica("s3://backups/prod/eu");
        assertEquals(1, listed.size());
        assertEquals(Map.of("orders", 50L), listed.get(0).tables());
    }

    @Test
    void theStoreChecksTheSha256SentWithEachPut() throws Exception {
        Path file = Files.writeString(tmp.resolve("x.bin"), "some bytes");
        try (ReplicaTarget t = ReplicaTargets.open(URI.create("s3://backups/check"), settingsObject(settings("check")))) {
            String wrong = "00".repeat(32);
            ReplicaException e = assertThrows(ReplicaException.class, () -> t.put("db/x.bin", file, wrong));
            assertTrue(e.getMessage().contains("s3://backups/check"), e.getMessage());
            assertThrows(java.nio.file.NoSuchFileException.class, () -> t.get("db/x.bin").close(),
                    "an object whose checksum does not match is not stored");
            t.put("db/x.bin", file, sha256(Files.readAllBytes(file)));
            try (InputStream in = t.get("db/x.bin")) {
                assertEquals("some bytes", new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aBackupOnTheReplicaVerifiesAndACorruptedObjectIsFound() throws Exception {
        Path db = ordersDatabase(tmp.resolve("v.db"), 20);
        SafeSqlite s = SafeSqlite.of(db, settings("verify"));
        BackupInfo b = s.backup();
        assertTrue(s.replicate().ok());
        List<VerifyResult> fine = s.verifyReplica("s3://backups/verify", false);
        assertEquals(1, fine.size());
        assertTrue(fine.get(0).ok(), fine.toString());

        Path object = s3.bucketDir("backups").resolve("verify/v/" + b.file().getFileName());
        assertTrue(Files.isRegularFile(object), "the filesystem backend keeps one file per object: " + object);
        byte[] bytes = Files.readAllBytes(object);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(object, bytes);
        List<VerifyResult> damaged = s.verifyReplica("s3://backups/verify", false);
        assertFalse(damaged.get(0).ok());
        assertTrue(damaged.get(0).problem().contains("damaged"), damaged.get(0).problem());
    }

    @Test
    void aMissingBucketWrongCredentialsAndNoNetworkEachSayWhatIsWrong() throws Exception {
        Path db = ordersDatabase(tmp.resolve("e.db"), 3);
        SafeSqlite noBucket = SafeSqlite.of(db, settings("x", "replica.url", "s3://no-such-bucket/x"));
        noBucket.backup();
        String m1 = noBucket.replicate().failures().get(0);
        assertTrue(m1.contains("'no-such-bucket'") && m1.contains("does not exist"), m1);

        System.setProperty("aws.secretAccessKey", "wrong");
        try {
            String m2 = SafeSqlite.of(db, settings("x")).replicate().failures().get(0);
            assertTrue(m2.contains("refused the credentials") && m2.contains("AWS_ACCESS_KEY_ID"), m2);
            assertFalse(m2.contains("wrong"), "the secret is never repeated: " + m2);
        } finally {
            S3ProxyServer.useCredentials();
        }

        int closed;
        try (var sock = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = sock.getLocalPort();
        }
        Map<String, String> offline = settings("x");
        offline.put("safesqlite.replica.s3.endpoint", "http://127.0.0.1:" + closed);
        String m3 = SafeSqlite.of(db, offline).replicate().failures().get(0);
        assertTrue(m3.contains("cannot reach the store") && m3.contains("safesqlite.replica.s3.endpoint"), m3);
    }

    static dev.safesqlite.internal.config.Settings settingsObject(Map<String, String> m) throws Exception {
        Properties p = new Properties();
        p.putAll(m);
        return SettingsResolver.builder().environment(Map.of()).connectionProperties(p).resolve();
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
