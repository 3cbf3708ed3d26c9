package dev.safesqlite.internal.engine;

import static dev.safesqlite.testing.TestDatabases.eventually;
import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static dev.safesqlite.testing.TestDatabases.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;
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
}
