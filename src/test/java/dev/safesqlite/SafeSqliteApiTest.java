package dev.safesqlite;

import static dev.safesqlite.testing.TestDatabases.eventually;
import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static dev.safesqlite.testing.TestDatabases.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.internal.engine.ProtectedDatabase;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.MBeanServer;
import javax.management.Notification;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeSqliteApiTest {

    @TempDir
    Path tmp;

    @org.junit.jupiter.api.AfterEach
    void finishBackgroundWork() throws InterruptedException {
        dev.safesqlite.testing.TestDatabases.drainBackgroundWork();
    }

    @Test
    void manualBackupsListPruneAndStats() throws Exception {
        Path db = ordersDatabase(tmp.resolve("shop.db"), 42);
        SafeSqlite s = SafeSqlite.of(db, Map.of("safesqlite.backup.dir", tmp.resolve("b").toString(),
                "safesqlite.retain.last", "1", "safesqlite.retain.daily", "0", "safesqlite.retain.weekly", "0",
                "safesqlite.retain.monthly", "0", "safesqlite.retain.within", "0"));
        BackupInfo manual = s.backup(true);
        assertEquals("manual", manual.reason());
        assertTrue(manual.pinned());
        assertEquals(Map.of("orders", 42L), manual.tables());
        assertEquals("ok", manual.verify());
        assertEquals(List.of(manual), s.list());
        assertEquals(List.of(), s.prune(false), "a manual backup is never pruned");
        BackupStats stats = s.stats();
        assertEquals(1, stats.count());
        assertEquals(manual.bytes(), stats.totalBytes());
        assertEquals(manual.created(), stats.newest());
        assertTrue(Files.list(tmp).noneMatch(p -> p.getFileName().toString().equals("backups")),
                "detached operations start no background startup backup in the default directory");
    }

    @Test
    void aFailedBackupIsAnIOExceptionNamingTheDirectory() throws Exception {
        Path db = ordersDatabase(tmp.resolve("shop.db"), 1);
        Path notADir = Files.writeString(tmp.resolve("file"), "x");
        SafeSqlite s = SafeSqlite.of(db, Map.of("safesqlite.backup.dir", notADir.resolve("b").toString()));
        IOException e = assertThrows(IOException.class, s::backup);
        assertTrue(e.getMessage().contains(notADir.resolve("b").toString()), e.getMessage());
    }

    @Test
    void listenersFromServiceLoaderReceiveEveryEvent() throws Exception {
        Path db = ordersDatabase(tmp.resolve("listened.db"), 3);
        SafeSqlite.of(db).backup();
        assertTrue(RecordingListener.EVENTS.stream().anyMatch(e -> e.event().equals("backup.created")
                && e.database().equals(db.toString()) && "manual".equals(e.fields().get("reason"))),
                RecordingListener.EVENTS.toString());
    }

    @Test
    void theMBeanShowsStatisticsRunsOperationsAndNotifiesFailures() throws Exception {
        Path db = ordersDatabase(tmp.resolve("jmxdb.db"), 5);
        Path blocker = Files.writeString(tmp.resolve("blocker"), "x");
        ProtectedDatabase pd = ProtectedDatabase.of(db, settings("backup.on.startup", "false",
                "checkpoint.interval", "0"));
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("dev.safesqlite:type=Database,name=jmxdb");
        // registered off the connect path (DatabaseMBean.registerSoon), so shortly after the database opened
        assertTrue(eventually(() -> server.isRegistered(name)));
        assertEquals(0, server.getAttribute(name, "BackupCount"));

        String file = (String) server.invoke(name, "backupNow", null, null);
        assertTrue(Files.exists(Path.of(file)));
        assertEquals(1, server.getAttribute(name, "BackupCount"));
        assertEquals(Files.size(Path.of(file)), server.getAttribute(name, "TotalBackupBytes"));
        assertEquals(file, server.getAttribute(name, "LastBackupFile"));
        assertNotNull(server.getAttribute(name, "NewestBackup"));
        assertEquals("1 backups verified, 0 damaged", server.invoke(name, "verify", null, null));
        assertEquals("ok", server.getAttribute(name, "LastVerification"));
        assertEquals(0, server.invoke(name, "prune", null, null));

        List<Notification> received = new CopyOnWriteArrayList<>();
        server.addNotificationListener(name, (n, h) -> received.add(n), null, null);
        // Same database, but a backup directory that cannot exist: the failure is notified.
        ProtectedDatabase broken = ProtectedDatabase.of(db, settings("backup.dir", blocker.resolve("b").toString(),
                "backup.on.startup", "false", "checkpoint.interval", "0"));
        ObjectName second = new ObjectName("dev.safesqlite:type=Database,name=jmxdb (2)");
        assertTrue(eventually(() -> server.isRegistered(second)));
        server.addNotificationListener(second, (n, h) -> received.add(n), null, null);
        assertThrows(Exception.class, () -> broken.backup("manual", null, broken.settings(), false));
        assertTrue(eventually(() -> received.stream().anyMatch(n -> n.getType().equals("backup.failed"))));
        assertTrue(received.get(0).getMessage().contains(blocker.toString()), received.get(0).getMessage());
        assertEquals(1, pd.backups().size());
    }
}
