package dev.safesqlite.internal.lifecycle;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one daemon thread per JVM that runs SafeSQLite's background work (startup backups,
 * health checks, daily backups, checkpoints) for every protected database: applications
 * open and close connections freely without starting or stopping threads, and a daemon
 * thread never keeps a JVM alive.
 */
public final class BackgroundWork {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundWork.class);
    private static final ScheduledExecutorService EXECUTOR = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "safesqlite-background");
        t.setDaemon(true);
        return t;
    });

    private BackgroundWork() {
    }

    /** Runs soon; a failure is logged, never thrown into the application. */
    public static void submit(String what, Runnable work) {
        EXECUTOR.execute(guarded(what, work));
    }

    public static ScheduledFuture<?> schedule(String what, Runnable work, long delayMs) {
        return EXECUTOR.schedule(guarded(what, work), delayMs, TimeUnit.MILLISECONDS);
    }

    private static Runnable guarded(String what, Runnable work) {
        return () -> {
            try {
                work.run();
            } catch (RuntimeException | Error e) {
                LOG.error("SafeSQLite background work failed: {}", what, e);
            }
        };
    }
}
