package dev.safesqlite.internal.audit;

import dev.safesqlite.internal.config.Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * The open audit log files of this JVM, one per file (keyed by its real path), shared by every
 * database whose settings name that file. Two instances on one file would each keep their own
 * idea of the last line and of logback's roll state. Opening touches no disk: the file is
 * created with the first event.
 */
public final class AuditLogs {

    private static final Map<Path, AuditLogFile> OPEN = new HashMap<>();

    private AuditLogs() {
    }

    /** The audit log of {@code database}: {@code audit.file} rolled by the {@code audit.*} limits. */
    public static AuditLogFile open(Settings settings, Path database) {
        return open(settings.auditFile(database), RollingLimits.of(settings));
    }

    /**
     * The log at {@code file}; if this JVM has it open already, that instance, with the limits it
     * was first opened with. Each call must be matched by one {@link AuditLogFile#close()}.
     */
    public static AuditLogFile open(Path file, RollingLimits limits) {
        return open(file, limits, Clock.systemUTC());
    }

    static synchronized AuditLogFile open(Path file, RollingLimits limits, Clock clock) {
        AuditLogFile log = OPEN.computeIfAbsent(new RolledFiles(file).active(), p -> new AuditLogFile(p, limits, clock));
        log.opened();
        return log;
    }

    static synchronized void release(AuditLogFile log) {
        if (OPEN.get(log.path()) != log) return; // closed more often than opened: already gone
        if (log.released() == 0) {
            OPEN.remove(log.path());
            log.shutdown();
        }
    }
}
