package dev.safesqlite.internal.engine;

import dev.safesqlite.internal.audit.AuditEvent;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;

/**
 * Puts a database in WAL mode. WAL is what lets a backup read the last committed state on
 * its own connection without blocking the application's writers. Where it is impossible (a
 * read-only connection to a file in another mode) the connection still works and the audit
 * log says why. An application that asked for another journal mode still gets WAL, and is told
 * so: once per database at WARN, and in each {@code wal.enabled} event ({@code asked}).
 */
final class WalMode {

    private static final Logger LOG = LoggerFactory.getLogger(WalMode.class);

    private WalMode() {
    }

    static void force(Connection raw, ProtectedDatabase db) throws SQLException {
        String asked = journalModeAsked(raw);
        String mode = journalMode(raw, "PRAGMA journal_mode");
        if (mode.equals("wal")) {
            if (asked != null) warnOnce(db, asked);
            return;
        }
        String previous = mode;
        String why;
        try {
            mode = journalMode(raw, "PRAGMA journal_mode=WAL");
            if (mode.equals("wal")) {
                db.record(AuditEvent.of("wal.enabled", db.file().toString()).with("previous", previous)
                        .with("asked", asked == null ? null : "journal_mode=" + asked + " (safesqlite.wal=false keeps it)")
                        .build());
                if (asked != null) warnOnce(db, asked);
                return;
            }
            why = "SQLite kept journal_mode=" + mode;
        } catch (SQLException e) {
            why = e.getMessage();
        }
        if (raw.isReadOnly()) {
            why = "read-only connection to a database in journal_mode=" + mode + " (" + why + ")";
        }
        ProtectedDatabase.recordOnce("wal.unavailable:" + db.file(), AuditEvent.of("wal.unavailable",
                db.file().toString()).with("error", why).build(), db.audit());
    }

    private static void warnOnce(ProtectedDatabase db, String asked) {
        if (!ProtectedDatabase.firstTime("wal.forced:" + db.file())) return;
        LOG.warn("SafeSQLite: {} was opened with journal_mode={}, but runs in journal_mode=WAL: SafeSQLite forces WAL so "
                + "that backups read the last committed state without blocking writers. To keep journal_mode={}, set "
                + "safesqlite.wal=false (backups are then taken as in any other mode).", db.file(), asked, asked);
    }

    /**
     * The journal mode the application asked for in its URL ({@code ?journal_mode=TRUNCATE}) or
     * connection properties, lower case; null when it asked for none or for WAL. It was taken out
     * of what sqlite-jdbc opened with ({@link SqliteOpenProperties}), which keeps it in the
     * configuration of the connection.
     */
    private static String journalModeAsked(Connection raw) throws SQLException {
        if (!raw.isWrapperFor(SQLiteConnection.class)) return null;
        var config = raw.unwrap(SQLiteConnection.class).getDatabase().getConfig();
        String asked = config == null ? null : config.toProperties().getProperty(SqliteOpenProperties.ASKED_JOURNAL_MODE);
        return asked == null || asked.equals("wal") ? null : asked;
    }

    private static String journalMode(Connection raw, String sql) throws SQLException {
        try (Statement st = raw.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1).toLowerCase(Locale.ROOT) : "";
        }
    }
}
