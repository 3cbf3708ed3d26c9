package dev.safesqlite.internal.engine;

import dev.safesqlite.internal.audit.AuditEvent;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Puts a database in WAL mode. WAL is what lets a backup read the last committed state on
 * its own connection without blocking the application's writers. Where it is impossible (a
 * read-only connection to a file in another mode) the connection still works and the audit
 * log says why.
 */
final class WalMode {

    private WalMode() {
    }

    static void force(Connection raw, ProtectedDatabase db) throws SQLException {
        String mode = journalMode(raw, "PRAGMA journal_mode");
        if (mode.equals("wal")) return;
        String previous = mode;
        String why;
        try {
            mode = journalMode(raw, "PRAGMA journal_mode=WAL");
            if (mode.equals("wal")) {
                db.record(AuditEvent.of("wal.enabled", db.file().toString()).with("previous", previous).build());
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

    private static String journalMode(Connection raw, String sql) throws SQLException {
        try (Statement st = raw.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1).toLowerCase(Locale.ROOT) : "";
        }
    }
}
