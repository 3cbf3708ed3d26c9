package dev.safesqlite.internal.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code backup.on.shutdown}: one JVM shutdown hook for every database that asks for it. The
 * backups run on a daemon thread that the hook waits for at most {@link #LIMIT_MS}: a stuck
 * backup (a locked file, a hung disk) must never hang the JVM's exit.
 */
final class ShutdownBackups {

    static final long LIMIT_MS = 30_000;
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownBackups.class);
    private static final List<ProtectedDatabase> DATABASES = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ShutdownBackups::runAll, "safesqlite-shutdown"));
    }

    private ShutdownBackups() {
    }

    static void register(ProtectedDatabase db) {
        DATABASES.add(db);
    }

    private static void runAll() {
        Thread worker = new Thread(() -> {
            for (ProtectedDatabase db : DATABASES) {
                db.backgroundBackup("shutdown");
            }
        }, "safesqlite-shutdown-backup");
        worker.setDaemon(true);
        worker.start();
        try {
            worker.join(LIMIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            LOG.error("SafeSQLite: shutdown backups did not finish within {} ms; the JVM exits without them", LIMIT_MS);
        }
    }
}
