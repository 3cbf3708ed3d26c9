package dev.safesqlite.replica;

import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.BackupInfo;
import dev.safesqlite.ReplicaBackup;
import dev.safesqlite.RestoreResult;
import dev.safesqlite.SafeSqlite;
import dev.safesqlite.internal.config.InvalidSettingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** replica.encrypt.key against the real store: the store never sees a plaintext row, and a wrong key is a clear error. */
class ReplicaEncryptionTest extends S3StoreFixture {

    private static final String SECRET_ROW = "customer-4711-card-5555444433331111";

    @TempDir
    Path tmp;

    private Path key(String name, byte fill) throws IOException {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, fill);
        k[0] = (byte) name.length();
        return Files.writeString(tmp.resolve(name), Base64.getEncoder().encodeToString(k));
    }

    private Map<String, String> settings(Path backups, Path key) {
        Map<String, String> m = storeSettings("s3://backups/enc", backups);
        if (key != null) m.put("safesqlite.replica.encrypt.key", "file:" + key);
        return m;
    }

    @Test
    void theStoreHoldsNoPlaintextRowAndTheReplicaRestoresWithTheKey() throws Exception {
        Files.createDirectories(tmp.resolve("old"));
        Path db = ordersDatabase(tmp.resolve("old/secret.db"), 20);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             PreparedStatement ps = c.prepareStatement("INSERT INTO orders(item, qty) VALUES (?, 1)")) {
            ps.setString(1, SECRET_ROW);
            ps.executeUpdate();
        }
        Path key = key("key.b64", (byte) 7);
        SafeSqlite s = SafeSqlite.of(db, settings(tmp.resolve("old/b"), key));
        BackupInfo b = s.backup();
        assertTrue(s.replicate().ok());
        assertTrue(Files.readString(b.file(), StandardCharsets.ISO_8859_1).contains(SECRET_ROW), "the local backup is plain");

        List<Path> stored;
        try (Stream<Path> files = Files.walk(s3.bucketDir("backups").resolve("enc/secret"))) {
            stored = files.filter(Files::isRegularFile).toList();
        }
        assertEquals(2, stored.size(), stored.toString());
        for (Path p : stored) {
            String bytes = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
            assertFalse(bytes.contains(SECRET_ROW), "plaintext row in " + p);
            assertFalse(bytes.contains("SQLite format 3"), "plaintext database in " + p);
            assertFalse(bytes.contains("\"orders\""), "table names stay sealed: " + p);
        }
        String manifest = Files.readString(stored.stream().filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow());
        String fingerprint = dev.safesqlite.internal.config.ReplicaKey.of(Base64.getDecoder().decode(Files.readString(key)), "t")
                .fingerprint();
        assertTrue(manifest.contains(fingerprint), manifest);
        assertFalse(manifest.contains(Files.readString(key)), "the key itself is never written");

        Path fresh = tmp.resolve("new/secret.db");
        Files.createDirectories(fresh.getParent());
        SafeSqlite n = SafeSqlite.of(fresh, settings(tmp.resolve("new/b"), key));
        List<ReplicaBackup> listed = n.listReplica("s3://backups/enc");
        assertEquals(Map.of("orders", 21L), listed.get(0).tables());
        assertEquals(fingerprint, listed.get(0).keyFingerprint());
        RestoreResult r = n.restoreFromReplica("s3://backups/enc", null);
        assertEquals(Map.of("orders", 21L), r.rowsAfter());
    }

    @Test
    void aWrongOrMissingKeyIsAClearErrorNotGarbage() throws Exception {
        Files.createDirectories(tmp.resolve("a"));
        Path db = ordersDatabase(tmp.resolve("a/k.db"), 5);
        SafeSqlite s = SafeSqlite.of(db, settings(tmp.resolve("a/b"), key("right", (byte) 1)));
        s.backup();
        assertTrue(s.replicate().ok());

        Path fresh = tmp.resolve("c/k.db");
        Files.createDirectories(fresh.getParent());
        SafeSqlite wrong = SafeSqlite.of(fresh, settings(tmp.resolve("c/b"), key("wrong.key", (byte) 2)));
        IOException e = assertThrows(IOException.class, () -> wrong.restoreFromReplica("s3://backups/enc", null));
        assertTrue(e.getMessage().contains("encrypted with the key") && e.getMessage().contains("set the key it was made with"),
                e.getMessage());
        assertFalse(Files.exists(fresh), "nothing restored");

        SafeSqlite none = SafeSqlite.of(fresh, settings(tmp.resolve("c/b"), null));
        List<ReplicaBackup> listed = none.listReplica("s3://backups/enc");
        assertNotNull(listed.get(0).problem());
        assertTrue(listed.get(0).problem().contains("safesqlite.replica.encrypt.key"), listed.get(0).problem());
        IOException noKey = assertThrows(IOException.class, () -> none.verifyReplica("s3://backups/enc", false),
                "without the key nothing is known to be damaged: a failure, not a damage verdict");
        assertTrue(noKey.getMessage().contains("cannot verify") && noKey.getMessage().contains("is encrypted"),
                noKey.getMessage());

        InvalidSettingException missing = assertThrows(InvalidSettingException.class, () -> SafeSqlite.of(fresh,
                Map.of("safesqlite.replica.encrypt.key", "env:SAFESQLITE_TEST_KEY_THAT_IS_NOT_SET")));
        assertTrue(missing.getMessage().contains("SAFESQLITE_TEST_KEY_THAT_IS_NOT_SET is not set"), missing.getMessage());
        Path shortKey = Files.writeString(tmp.resolve("short"), "abc");
        InvalidSettingException bad = assertThrows(InvalidSettingException.class, () -> SafeSqlite.of(fresh,
                Map.of("safesqlite.replica.encrypt.key", "file:" + shortKey)));
        assertTrue(bad.getMessage().contains("32 bytes"), bad.getMessage());
    }

    @Test
    void anObjectTamperedWithInTheStoreDoesNotDecrypt() throws Exception {
        Files.createDirectories(tmp.resolve("t"));
        Path db = ordersDatabase(tmp.resolve("t/tamper.db"), 5);
        Path key = key("tkey", (byte) 3);
        SafeSqlite s = SafeSqlite.of(db, settings(tmp.resolve("t/b"), key));
        BackupInfo b = s.backup();
        assertTrue(s.replicate().ok());
        assertTrue(s.verifyReplica("s3://backups/enc", false).stream().allMatch(dev.safesqlite.VerifyResult::ok));

        Path object = s3.bucketDir("backups").resolve("enc/tamper/" + b.file().getFileName());
        byte[] bytes = Files.readAllBytes(object);
        bytes[bytes.length - 20] ^= 1;
        Files.write(object, bytes);
        var verdict = s.verifyReplica("s3://backups/enc", false).stream()
                .filter(v -> v.file().toString().endsWith(b.file().getFileName().toString())).findFirst().orElseThrow();
        assertFalse(verdict.ok());
        assertTrue(verdict.problem().contains("damaged"), verdict.problem());
    }
}
