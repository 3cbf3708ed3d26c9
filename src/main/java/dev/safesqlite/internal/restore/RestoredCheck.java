package dev.safesqlite.internal.restore;

import dev.safesqlite.internal.backup.CopyInspection;
import dev.safesqlite.internal.backup.InternalConnection;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a restored file holds what its backup's manifest promises: SQLite finds it sound,
 * every table has the recorded row count, {@code user_version} is the recorded one, and the
 * journal mode is the one the database is meant to run in. Used on the restored copy before
 * it replaces the database, on the database right after, and by {@code verify --restore-test}.
 */
final class RestoredCheck {

    private RestoredCheck() {
    }

    /**
     * @param wal {@code true}: the file must open in WAL mode; {@code false}: in a rollback journal mode
     * @return null when the file is what was expected, else what differs
     */
    static String problem(Path file, Map<String, Long> tables, long userVersion, boolean wal) {
        // Read-write: a read-only connection to a WAL file leaves an empty -wal and -shm behind.
        try (Connection c = InternalConnection.open(file, 5_000); Statement st = c.createStatement()) {
            String mode = single(st, "PRAGMA journal_mode");
            if (wal != "wal".equalsIgnoreCase(mode)) {
                return "it opens in journal_mode=" + mode + ", expected " + (wal ? "wal" : "a rollback journal");
            }
            List<String> complaints = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("PRAGMA quick_check(20)")) {
                while (rs.next()) complaints.add(rs.getString(1));
            }
            if (!complaints.equals(List.of("ok"))) {
                return "SQLite reports damage: " + String.join("; ", complaints);
            }
            long version = Long.parseLong(single(st, "PRAGMA user_version"));
            if (version != userVersion) {
                return "user_version is " + version + ", the backup's manifest says " + userVersion;
            }
            Map<String, Long> counts = CopyInspection.rowCounts(st);
            if (tables != null && !Objects.equals(counts, tables)) {
                return "row counts " + counts + " differ from the backup's manifest " + tables;
            }
            return null;
        } catch (SQLException e) {
            return "it cannot be read: " + e.getMessage();
        }
    }

    private static String single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : "";
        }
    }
}
