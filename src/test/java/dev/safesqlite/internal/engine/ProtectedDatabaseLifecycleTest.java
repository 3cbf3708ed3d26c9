package dev.safesqlite.internal.engine;

import static dev.safesqlite.testing.TestDatabases.eventually;
import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static dev.safesqlite.testing.TestDatabases.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.ProtectionEvent;
import dev.safesqlite.RecordingListener;
import dev.safesqlite.internal.backup.BackupDirectory;
import dev.safesqlite.internal.backup.StoredBackup;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProtectedDatabaseLifecycleTest {

    @TempDir
    Path tmp;

    @org.junit.jupiter.api.AfterEach
    void finishBackgroundWork() throws InterruptedException {
        dev.safesqlite.testing.TestDatabases.drainBackgroundWork();
    }

    /** Events of this test's databases, as a ServiceLoader listener saw them from the first moment. */
    private final List<ProtectionEvent> events = new java.util.AbstractList<>() {
        @Override
        public ProtectionEvent get(int i) {
            return mine().get(i);
        }

        @Override
        public int size() {
            return mine().size();
        }

        private List<ProtectionEvent> mine() {
            return RecordingListener.EVENTS.stream().filter(e -> e.database().startsWith(tmp.toString())).toList();
        }
    };

    private ProtectedDatabase open(Path db, String... settings) throws Exception {
        return ProtectedDatabase.of(db, settings(settings));
    }

    private boolean sawEvent(String name) {
        return events.stream().anyMatch(e -> e.event().equals(name));
    }

    private List<String> reasons(ProtectedDatabase pd) throws Exception {
        return pd.backups().stream().map(b -> b.manifest().reason()).toList();
    }

    @Test
    void theFirstOpenTakesOneStartupBackupInTheBackground() throws Exception {
        Path db = ordersDatabase(tmp.resolve("app.db"), 100);
        ProtectedDatabase pd = open(db, "checkpoint.interval", "0");
        assertTrue(eventually(() -> sawEvent("backup.created")), "startup backup taken: " + events);
        assertEquals(List.of("startup"), reasons(pd));
        assertTrue(sawEvent("verify.ok"), "health check ran: " + events);
        ProtectedDatabase again = ProtectedDatabase.of(db, settings("checkpoint.interval", "0"));
        assertTrue(again == pd);
        dev.safesqlite.testing.TestDatabases.drainBackgroundWork();
        assertEquals(List.of("startup"), reasons(pd), "once per JVM");
    }

    @Test
    void noStartupBackupForADatabaseThatDoesNotExistOrWhenSwitchedOff() throws Exception {
        ProtectedDatabase missing = open(tmp.resolve("new.db"), "checkpoint.interval", "0");
        Path db = ordersDatabase(tmp.resolve("off.db"), 10);
        ProtectedDatabase off = open(db, "backup.on.startup", "false", "checkpoint.interval", "0");
        dev.safesqlite.testing.TestDatabases.drainBackgroundWork();
        assertTrue(sawEvent("verify.ok"));
        assertEquals(List.of(), reasons(missing));
        assertEquals(List.of(), reasons(off));
        assertFalse(Files.exists(tmp.resolve("new.db")));
    }

    @Test
    void aDamagedDatabaseIsReportedWithTheNewestVerifiedBackup() throws Exception {
        Path db = ordersDatabase(tmp.resolve("app.db"), 3000);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.createStatement().execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        // A good backup first, made by a separate "earlier run" of the application.
        StoredBackup good = dev.safesqlite.internal.backup.SnapshotWriter.write(
                BackupDirectory.open(tmp.resolve("backups")), new dev.safesqlite.internal.backup.SnapshotWriter.Request(
                        db, "manual", null, "quick", dev.safesqlite.internal.backup.Compression.NONE, false));
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.seek(4096L * 3 + 8);
            f.write(new byte[2000]);
        }
        open(db, "checkpoint.interval", "0");
        assertTrue(eventually(() -> sawEvent("verify.failed")), events.toString());
        ProtectionEvent failed = events.stream().filter(e -> e.event().equals("verify.failed")).findFirst().orElseThrow();
        assertEquals(good.file().toString(), failed.fields().get("backup"));
        assertFalse(sawEvent("backup.created"), "no startup backup of a damaged database");
    }

    @Test
    void aDailyBackupRunsAtItsTimeOfDay() throws Exception {
        Path db = ordersDatabase(tmp.resolve("app.db"), 10);
        String soon = LocalTime.now().plusSeconds(2).format(DateTimeFormatter.ofPattern("HH:mm:ss"));
        ProtectedDatabase pd = open(db, "backup.daily", soon, "backup.on.startup", "false", "checkpoint.interval", "0");
        assertTrue(eventually(() -> sawEvent("backup.created")), events.toString());
        assertEquals(List.of("daily"), reasons(pd));
    }

    @Test
    void checkpointsRunAtTheirIntervalAndTruncateTheWal() throws Exception {
        Path db = ordersDatabase(tmp.resolve("app.db"), 2000);
        Path wal = Path.of(db + "-wal");
        try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            // keep the WAL file in existence: an open connection stops SQLite deleting it on close
            reader.createStatement().execute("INSERT INTO orders(item) VALUES ('x')");
            assertTrue(Files.size(wal) > 0);
            open(db, "checkpoint.interval", "200ms", "backup.on.startup", "false");
            assertTrue(eventually(() -> sawEvent("checkpoint")), events.toString());
            ProtectionEvent cp = events.stream().filter(e -> e.event().equals("checkpoint")).findFirst().orElseThrow();
            assertEquals("truncate", cp.fields().get("mode"));
            assertEquals(0L, Files.size(wal));
        }
    }

    @Test
    void retentionRunsAfterEachBackupAndSparesManualAndPinnedOnes() throws Exception {
        Path db = ordersDatabase(tmp.resolve("app.db"), 10);
        ProtectedDatabase pd = open(db, "backup.on.startup", "false", "checkpoint.interval", "0",
                "retain.last", "2", "retain.daily", "0", "retain.weekly", "0", "retain.monthly", "0",
                "retain.within", "0");
        pd.backup("manual", null, pd.settings(), false);
        pd.backup("daily", null, pd.settings(), true);
        for (int i = 0; i < 4; i++) pd.backup("daily", null, pd.settings(), false);
        List<StoredBackup> left = pd.backups();
        assertEquals(4, left.size(), left.toString());
        assertEquals(1, left.stream().filter(b -> b.manifest().reason().equals("manual")).count());
        assertEquals(1, left.stream().filter(b -> b.manifest().pinned()).count());
        assertEquals(2, events.stream().filter(e -> e.event().equals("retention.deleted")).count());
        try (var files = Files.list(tmp.resolve("backups"))) {
            assertEquals(4 * 2, files.filter(f -> f.toString().endsWith(".db") || f.toString().endsWith(".json")).count(),
                    "each deletion took its manifest along");
        }
    }

    @Test
    void aBusyDatabaseGetsAPassiveCheckpointInsteadOfAStall() throws Exception {
        Path db = ordersDatabase(tmp.resolve("busy.db"), 500);
        try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + db);
             Connection writer = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            reader.setAutoCommit(false);
            try (var rs = reader.createStatement().executeQuery("SELECT count(*) FROM orders")) {
                rs.next(); // the reader now holds a snapshot: TRUNCATE would have to wait for it
            }
            writer.createStatement().executeUpdate("INSERT INTO orders(item) VALUES ('after the snapshot')");
            java.util.List<dev.safesqlite.internal.audit.AuditEvent> seen = new java.util.ArrayList<>();
            String mode = dev.safesqlite.internal.lifecycle.WalCheckpoint.run(db,
                    new dev.safesqlite.internal.audit.Audit(seen::add));
            assertEquals("passive", mode);
            assertEquals("checkpoint", seen.get(0).event());
            reader.rollback();
        }
    }

    @Test
    void theShutdownBackupRunsWhenTheJvmExits() throws Exception {
        Path db = ordersDatabase(tmp.resolve("app.db"), 10);
        dev.safesqlite.testing.ChildJvm app = dev.safesqlite.testing.ChildJvm.start(tmp, "app",
                dev.safesqlite.testing.ChildJvm.testClassPath(), java.util.List.of(),
                dev.safesqlite.testing.ShutdownBackupApp.class, db.toString());
        assertEquals(0, app.waitFor(java.time.Duration.ofMinutes(2)), app.stderr());
        java.util.List<StoredBackup> backups = BackupDirectory.open(tmp.resolve("backups")).list(db);
        assertEquals(java.util.List.of("shutdown"), backups.stream().map(b -> b.manifest().reason()).toList());
        assertEquals(10L, backups.get(0).manifest().tables().get("orders"));
    }
}
