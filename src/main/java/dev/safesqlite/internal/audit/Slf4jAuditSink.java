package dev.safesqlite.internal.audit;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors every event to the SLF4J logger {@code safesqlite.audit}: INFO, WARN for events that
 * mean reduced protection, ERROR for failures. The application's own logging decides where it
 * goes; SafeSQLite forces no backend.
 */
public final class Slf4jAuditSink implements AuditSink {

    private static final Logger LOG = LoggerFactory.getLogger("safesqlite.audit");

    @Override
    public void record(AuditEvent e) {
        Level level = levelOf(e.event());
        if (!enabled(level)) return;
        StringBuilder sb = new StringBuilder(e.event()).append(" db=").append(e.db());
        for (Map.Entry<String, Object> f : e.fields().entrySet()) {
            sb.append(' ').append(f.getKey()).append('=').append(f.getValue());
        }
        String msg = sb.toString();
        switch (level) {
            case ERROR -> LOG.error(msg);
            case WARN -> LOG.warn(msg);
            default -> LOG.info(msg);
        }
    }

    enum Level { INFO, WARN, ERROR }

    static Level levelOf(String event) {
        return switch (event) {
            case "statement.unprotected", "wal.unavailable", "statement.blocked" -> Level.WARN;
            case "backup.failed", "verify.failed", "restore.rolledback", "health.damaged" -> Level.ERROR;
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
