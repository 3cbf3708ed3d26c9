package dev.safesqlite.internal.engine;

import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.DatabaseHealth;
import dev.safesqlite.internal.audit.AuditEvent;
import dev.safesqlite.internal.backup.StoredBackup;
import dev.safesqlite.internal.config.Settings;
import dev.safesqlite.internal.config.SettingsResolver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** health.max.age and the last verification decide health (SPEC section 13). */
class BackupHealthTest {

    @TempDir
    Path tmp;

    @AfterEach
    void finishBackgroundWork() throws InterruptedException {
        dev.safesqlite.testing.TestDatabases.drainBackgroundWork();
    }

    private ProtectedDatabase database(Map<String, String> more) throws Exception {
        Path db = ordersDatabase(tmp.resolve("shop.db"), 3);
        Properties p = new Properties();
        p.put("safesqlite.backup.dir", tmp.resolve("b").toString());
        p.putAll(more);
        Settings settings = SettingsResolver.builder().connectionProperties(p).resolve();
        return ProtectedDatabase.detached(db, settings);
    }

    @Test
    void healthyWhileTheNewestBackupIsYoungerThanMaxAgeAndDownAfter() throws Exception {
        ProtectedDatabase db = database(Map.of());
        StoredBackup b = db.backup("manual", null, db.settings(), false);
        DatabaseHealth fresh = BackupHealth.of(db, b.name().created().plus(Duration.ofHours(47)));
        assertEquals(List.of(), fresh.problems());
        assertEquals(b.name().created(), fresh.newestBackup());

        DatabaseHealth stale = BackupHealth.of(db, b.name().created().plus(Duration.ofDays(2).plusHours(3)));
        assertEquals(List.of("the newest backup, " + b.file() + ", is 2d 3h old, older than safesqlite.health.max.age=2d;"
                + " check that backups still succeed (audit log) or set backup.daily"), stale.problems());
    }

    @Test
    void downWhileAReplicaLagsMoreThanMaxReplicaLag() throws Exception {
        Path offline = java.nio.file.Files.writeString(tmp.resolve("offline"), "a file where the replica's directory should be");
        ProtectedDatabase db = database(Map.of("safesqlite.replica.url", offline.resolve("r").toUri().toString(),
                "safesqlite.health.max.replica.lag", "1h"));
        StoredBackup b = db.backup("manual", null, db.settings(), false);
        assertTrue(BackupHealth.of(db, b.name().created().plus(Duration.ofMinutes(59))).healthy(), "within the lag allowed");
        DatabaseHealth lagging = BackupHealth.of(db, b.name().created().plus(Duration.ofHours(2)));
        assertEquals(List.of("1 upload(s) to the replicas are pending, the oldest for 2h, longer than"
                + " safesqlite.health.max.replica.lag=1h; the audit log's replica.failed events say why, and"
                + " 'safesqlite replicate' retries now"), lagging.problems());

        java.nio.file.Files.delete(offline);
        java.nio.file.Files.createDirectories(offline.resolve("r"));
        db.replication().sendNow();
        assertTrue(BackupHealth.of(db, b.name().created().plus(Duration.ofHours(2))).healthy(), "once it is sent");
    }

    @Test
    void maxAgeIsASetting() throws Exception {
        ProtectedDatabase db = database(Map.of("safesqlite.health.max.age", "7d"));
        StoredBackup b = db.backup("manual", null, db.settings(), false);
        assertTrue(BackupHealth.of(db, b.name().created().plus(Duration.ofDays(3))).healthy());
        assertEquals(Duration.ofDays(7), BackupHealth.of(db, b.name().created()).maxAge());
    }

    @Test
    void aFailedVerificationIsDownUntilAVerificationSucceeds() throws Exception {
        ProtectedDatabase db = database(Map.of());
        StoredBackup b = db.backup("manual", null, db.settings(), false);
        db.record(AuditEvent.of("verify.failed", db.file().toString()).with("error", "checksum mismatch in x.db").build());
        DatabaseHealth down = BackupHealth.of(db, b.name().created());
        assertEquals(List.of("the last verification failed: database " + db.file() + ": checksum mismatch in x.db"),
                down.problems());
        db.record(AuditEvent.of("verify.ok", db.file().toString()).build());
        assertTrue(BackupHealth.of(db, b.name().created()).healthy());
    }

    @Test
    void aDamagedBackupIsNotHiddenByTheGoodOnesVerifiedAfterIt() throws Exception {
        ProtectedDatabase db = database(Map.of());
        StoredBackup damaged = db.backup("manual", null, db.settings(), false);
        StoredBackup good = db.backup("manual", null, db.settings(), false);
        db.record(AuditEvent.of("verify.failed", db.file().toString()).with("backup", damaged.file().toString())
                .with("error", "checksum mismatch").build());
        db.record(AuditEvent.of("verify.ok", db.file().toString()).with("backup", good.file().toString()).build());
        assertEquals(List.of("the last verification failed: backup " + damaged.file() + ": checksum mismatch"),
                BackupHealth.of(db, good.name().created()).problems());
        db.record(AuditEvent.of("verify.ok", db.file().toString()).with("backup", damaged.file().toString()).build());
        assertEquals("ok", db.lastVerification());
    }

    @Test
    void noBackupIsAProblemOnlyOnceTheDatabaseWasProtectedLongerThanMaxAge() throws Exception {
        ProtectedDatabase db = database(Map.of());
        DatabaseHealth young = BackupHealth.of(db, db.protectedSince().plus(Duration.ofHours(1)));
        assertTrue(young.healthy());
        assertNull(young.newestBackup());
        DatabaseHealth old = BackupHealth.of(db, db.protectedSince().plus(Duration.ofDays(3)));
        assertEquals(List.of("there is no backup in " + db.backupDir() + " although this JVM has protected the database"
                + " for 3d, longer than safesqlite.health.max.age=2d"), old.problems());
    }
}
