package dev.safesqlite.internal.audit;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the application hears when its audit file cannot be written (unwritable directory, full
 * disk): the failure once, when it starts, and once more when the file works again; in between,
 * every event that did not reach the file goes to the SLF4J logger {@code safesqlite.audit} at
 * ERROR, so it is kept wherever the application keeps its logs. Nothing is thrown: whether a
 * statement runs is decided by its backup, not by the audit log.
 *
 * <p>Only SLF4J 1.7 calls are used: applications on logback 1.2 bind that API.
 */
final class AuditFileFailures {

    private static final Logger LOG = LoggerFactory.getLogger("safesqlite.audit");

    private final Path file;
    // Synchronized: events that could not even take the log's lock report here too.
    private boolean failing;
    private long lost;

    AuditFileFailures(Path file) {
        this.file = file;
    }

    synchronized void failed(Throwable cause) {
        if (failing) return;
        failing = true;
        LOG.error("SafeSQLite cannot write the audit log {} ({}). Until it can, audit events go to this logger"
                + " at ERROR only; fix the file or directory, or set safesqlite.audit.file.", file, describe(cause), cause);
    }

    /** An event that is in no audit file: {@code line} is its JSON, without a chain hash. */
    synchronized void lost(String line) {
        lost++;
        LOG.error("audit event not written to {}: {}", file, line);
    }

    synchronized void written() {
        if (!failing) return;
        LOG.warn("SafeSQLite writes the audit log {} again; {} event(s) before this one are only in this log"
                + " (the chain in the file goes on without them).", file, lost);
        failing = false;
        lost = 0;
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + message;
    }
}
