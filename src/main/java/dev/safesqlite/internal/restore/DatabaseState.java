package dev.safesqlite.internal.restore;

import dev.safesqlite.internal.backup.CopyInspection;
import dev.safesqlite.internal.backup.InternalConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * What the database holds now, for "what will change": its tables and row counts, its
 * {@code user_version}, and whether it runs in WAL mode (a restored database keeps that mode).
 *
 * @param exists     false when there is no file (a restore recreates it)
 * @param unreadable why SQLite cannot read the file, or null; a damaged database is exactly
 *                   what one restores, so this is reported, not thrown
 */
public record DatabaseState(boolean exists, Map<String, Long> tables, long userVersion, boolean wal,
                            String unreadable) {

    public static DatabaseState of(Path database) {
        if (!Files.exists(database)) return new DatabaseState(false, Map.of(), 0, false, null);
        // A read-write connection (that only reads): a read-only one leaves an empty -wal and -shm behind.
        try (Connection c = InternalConnection.open(database, 5_000); Statement st = c.createStatement()) {
            boolean wal;
            long userVersion;
            try (ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                wal = rs.next() && "wal".equalsIgnoreCase(rs.getString(1));
            }
            try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
                userVersion = rs.next() ? rs.getLong(1) : 0;
            }
            return new DatabaseState(true, CopyInspection.rowCounts(st), userVersion, wal, null);
        } catch (SQLException e) {
            return new DatabaseState(true, Map.of(), 0, headerSaysWal(database), e.getMessage());
        }
    }

    /** For a file SQLite cannot open: the WAL flag of its header, if it has one. */
    private static boolean headerSaysWal(Path database) {
        try (var in = Files.newInputStream(database)) {
            byte[] h = in.readNBytes(20);
            return h.length == 20 && h[18] == 2;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
