package dev.safesqlite.internal.engine;

import static dev.safesqlite.testing.TestDatabases.eventually;
import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static dev.safesqlite.testing.TestDatabases.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.internal.config.Settings;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.MBeanServer;
import javax.management.MBeanServerDelegate;
import javax.management.MBeanServerNotification;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.JDBC;

/** What the first connection to a database does, and what it leaves to other threads (issue 17). */
class ConnectPathTest {

    @TempDir
    Path tmp;

    @AfterEach
    void finishBackgroundWork() throws InterruptedException {
        dev.safesqlite.testing.TestDatabases.drainBackgroundWork();
    }

    /**
     * Registering starts the platform MBean server the first time (70-130 ms): the connecting
     * thread must not be the one doing it. The MBean server's delegate announces a registration on
     * the thread that registers.
     */
    @Test
    void theMBeanIsRegisteredOffTheConnectingThread() throws Exception {
        Path db = ordersDatabase(tmp.resolve("offpath.db"), 3);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("dev.safesqlite:type=Database,name=offpath");
        Map<ObjectName, String> registeredBy = new ConcurrentHashMap<>();
        NotificationListener listener = (n, handback) -> {
            if (n instanceof MBeanServerNotification r && n.getType().equals(MBeanServerNotification.REGISTRATION_NOTIFICATION)) {
                registeredBy.put(r.getMBeanName(), Thread.currentThread().getName());
            }
        };
        server.addNotificationListener(MBeanServerDelegate.DELEGATE_NAME, listener, (NotificationFilter) null, null);
        try {
            ProtectedDatabase.of(db, settings("backup.on.startup", "false", "checkpoint.interval", "0"));
            assertTrue(eventually(() -> registeredBy.containsKey(name)), "registered shortly after the database opened");
            assertEquals("safesqlite-jmx", registeredBy.get(name));
        } finally {
            server.removeNotificationListener(MBeanServerDelegate.DELEGATE_NAME, listener);
        }
    }

    /**
     * A later connection finds its database by the path SQLite reports (issue 17), without
     * building paths again: it must be the very instance the first connection registered, for
     * the same file spelt another way too, and another backup directory is another database.
     */
    @Test
    void aLaterConnectionFindsTheDatabaseItsFileAndBackupDirectoryName() throws Exception {
        Path db = ordersDatabase(tmp.resolve("app.db"), 3);
        Files.createDirectories(tmp.resolve("sub"));
        Settings first = settings("backup.on.startup", "false", "checkpoint.interval", "0",
                "backup.dir", tmp.resolve("b1").toString());
        Settings other = settings("backup.on.startup", "false", "checkpoint.interval", "0",
                "backup.dir", tmp.resolve("b2").toString());
        attachAndClose("jdbc:sqlite:" + db, first);
        attachAndClose("jdbc:sqlite:" + tmp.resolve("sub/../app.db"), first);
        attachAndClose("jdbc:sqlite:" + db, first);
        attachAndClose("jdbc:sqlite:" + db, other);
        List<ProtectedDatabase> found = ProtectedDatabase.all().stream()
                .filter(d -> d.file().equals(db.toAbsolutePath().normalize())).toList();
        assertEquals(2, found.size(), "one database per backup directory: " + found.stream().map(ProtectedDatabase::backupDir).toList());
        assertTrue(found.contains(ProtectedDatabase.of(db, first)), "the instance the first connection registered");
        assertTrue(found.contains(ProtectedDatabase.of(db, other)));
        assertEquals(tmp.resolve("b2"), ProtectedDatabase.of(db, other).backupDir());
    }

    private static void attachAndClose(String url, Settings settings) throws Exception {
        try (Connection raw = JDBC.createConnection(url, SqliteOpenProperties.of(url, new Properties(), settings).properties())) {
            ProtectedConnection.attach(raw, settings).closed();
        }
    }
}
