package dev.safesqlite.internal.lifecycle;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;

/**
 * The one daemon thread per JVM that runs SafeSQLite's background work (startup backups,
 * health checks, daily backups, checkpoints) for every protected database: applications
 * open and close connections freely without starting or stopping threads, and a daemon
 * thread never keeps a JVM alive.
 *
 * <p>But a daemon thread is stopped dead when the JVM exits, and a connection it holds open
 * then is never closed: SQLite leaves {@code -wal} and {@code -shm} beside a database the
 * application closed cleanly (a short-lived test or job exits right after its last close). So
 * at exit a shutdown hook stops this work: nothing queued or scheduled starts any more, a
 * running check is interrupted ({@link #interruptOnExit}), and the hook waits, at most {@link
 * #EXIT_WAIT_MS}, for the running task to close its connections. A backup copy SQLite is in the
 * middle of cannot be interrupted; the wait lets it finish.
 */
public final class BackgroundWork {

    static final long EXIT_WAIT_MS = 30_000;
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundWork.class);
    private static final ScheduledThreadPoolExecutor EXECUTOR = executor();
    private static final Set<SQLiteConnection> INTERRUPTIBLE = ConcurrentHashMap.newKeySet();
    private static volatile boolean exiting;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(BackgroundWork::stopForExit, "safesqlite-background-exit"));
    }

    private BackgroundWork() {
    }

    private static ScheduledThreadPoolExecutor executor() {
        ScheduledThreadPoolExecutor e = (ScheduledThreadPoolExecutor) Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "safesqlite-background");
            t.setDaemon(true);
            return t;
        });
        e.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        e.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        return e;
    }

    /** Runs soon; a failure is logged, never thrown into the application. Nothing starts once the JVM exits. */
    public static void submit(String what, Runnable work) {
        if (exiting) return;
        try {
            EXECUTOR.execute(guarded(what, work));
        } catch (java.util.concurrent.RejectedExecutionException exitingNow) {
            LOG.debug("SafeSQLite: {} not started: the JVM is exiting", what);
        }
    }

    public static ScheduledFuture<?> schedule(String what, Runnable work, long delayMs) {
        if (exiting) return null;
        try {
            return EXECUTOR.schedule(guarded(what, work), delayMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException exitingNow) {
            LOG.debug("SafeSQLite: {} not scheduled: the JVM is exiting", what);
            return null;
        }
    }

    /** Whether the JVM is exiting: background work still running should stop at its next step, and report nothing as a failure. */
    public static boolean exiting() {
        return exiting;
    }

    /** A registration that ends with the work; see {@link #interruptOnExit}. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * While the returned registration is open, the JVM's exit interrupts what SQLite runs on
     * {@code connection} ({@code sqlite3_interrupt}), so that the work ends, and closes the
     * connection, before the JVM is gone.
     */
    public static Registration interruptOnExit(SQLiteConnection connection) {
        INTERRUPTIBLE.add(connection);
        if (exiting) interrupt(connection);
        return () -> INTERRUPTIBLE.remove(connection);
    }

    private static void stopForExit() {
        exiting = true;
        EXECUTOR.shutdown();
        INTERRUPTIBLE.forEach(BackgroundWork::interrupt);
        try {
            if (!EXECUTOR.awaitTermination(EXIT_WAIT_MS, TimeUnit.MILLISECONDS)) {
                LOG.warn("SafeSQLite: background work was still running {} ms after the JVM began to exit; it is "
                        + "stopped, and may leave -wal/-shm files beside its database", EXIT_WAIT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void interrupt(SQLiteConnection connection) {
        try {
            connection.getDatabase().interrupt();
        } catch (java.sql.SQLException | RuntimeException closedMeanwhile) {
            // the work ended on its own
        }
    }

    private static Runnable guarded(String what, Runnable work) {
        return () -> {
            if (exiting) return; // queued before the exit began: not started now
            try {
                work.run();
            } catch (RuntimeException | Error e) {
                LOG.error("SafeSQLite background work failed: {}", what, e);
            }
        };
    }
}
