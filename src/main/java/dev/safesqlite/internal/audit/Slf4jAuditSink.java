package dev.safesqlite.internal.audit;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors every event to the SLF4J logger {@code safesqlite.audit}: INFO; WARN for the events
 * that mean a connection runs with less protection than asked ({@code statement.unprotected},
 * {@code wal.unavailable}); ERROR for failures. The application's own logging decides where it
 * goes; SafeSQLite forces no backend. Only SLF4J 1.7 calls are used: applications on logback 1.2
 * bind that API.
 */
public final class Slf4jAuditSink implements AuditSink {

    private static final Logger LOG = LoggerFactory.getLogger("safesqlite.audit");

    @Override
    public void record(AuditEvent e) {
        try {
            log(e);
        } catch (RuntimeException broken) {
            // The application's logging failed; that must not fail its statement.
        }
    }

    private static void log(AuditEvent e) {
        Level level = levelOf(e.event());
        if (!enabled(level)) return;
        StringBuilder sb = new StringBuilder(e.event()).append(" db=").append(e.db());
        for (Map.Entry<String, Object> f : e.fields().entrySet()) {
            sb.append(' ').append(f.getKey()).append('=').append(capped(f.getKey(), f.getValue()));
        }
        String msg = sb.toString();
        switch (level) {
            case ERROR -> LOG.error(msg);
            case WARN -> LOG.warn(msg);
            default -> LOG.info(msg);
        }
    }

    /** The same SQL cap as the audit file: a huge script must not flood the application's log. */
    private static Object capped(String name, Object value) {
        if (!"sql".equals(name) || !(value instanceof CharSequence sql)) return value;
        String cut = AuditLine.prefixOfAtMostBytes(sql.toString(), AuditLine.SQL_CAP_BYTES);
        return cut.length() == sql.length() ? sql : cut + "... (cut at " + AuditLine.SQL_CAP_BYTES + " bytes)";
    }

    enum Level { INFO, WARN, ERROR }

    static Level levelOf(String event) {
        return switch (event) {
            case "statement.unprotected", "wal.unavailable" -> Level.WARN;
            // statement.blocked: the application's statement failed because it could not be protected.
            case "backup.failed", "verify.failed", "restore.rolledback", "statement.blocked", "health.damaged" -> Level.ERROR;
            default -> Level.INFO;
        };
    }

    private static boolean enabled(Level level) {
        return switch (level) {
            case ERROR -> LOG.isErrorEnabled();
            case WARN -> LOG.isWarnEnabled();
            default -> LOG.isInfoEnabled();
        };
    }
}
