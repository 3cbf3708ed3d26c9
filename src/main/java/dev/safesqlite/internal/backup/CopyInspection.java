package dev.safesqlite.internal.backup;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a backup copy contains and whether SQLite finds it sound: the integrity check the
 * {@code backup.verify} setting asks for, page geometry, {@code user_version} and the row
 * count of every table, for the manifest and for restore's "what will change".
 */
public record CopyInspection(String verify, long pageSize, long pageCount, long userVersion,
                             String sqliteVersion, Map<String, Long> tables) {

    /** @param verify {@code quick}, {@code full} or {@code none} */
    public static CopyInspection of(Path copy, String verify) throws SQLException {
        try (Connection c = InternalConnection.openReadOnly(copy); Statement st = c.createStatement()) {
            String result = "none".equals(verify) ? "skipped" : check(st, "full".equals(verify));
            long pageSize = single(st, "PRAGMA page_size");
            long pageCount = single(st, "PRAGMA page_count");
            long userVersion = single(st, "PRAGMA user_version");
            String version;
            try (ResultSet rs = st.executeQuery("SELECT sqlite_version()")) {
                rs.next();
                version = rs.getString(1);
            }
            return new CopyInspection(result, pageSize, pageCount, userVersion, version, rowCounts(st));
        }
    }

    public boolean sound() {
        return verify.equals("ok") || verify.equals("skipped");
    }

    /** "ok", or SQLite's first complaints. */
    private static String check(Statement st, boolean full) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(full ? "PRAGMA integrity_check(20)" : "PRAGMA quick_check(20)")) {
            while (rs.next()) problems.add(rs.getString(1));
        }
        if (problems.size() == 1 && problems.get(0).equals("ok")) return "ok";
        return String.join("; ", problems);
    }

    private static long single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /**
     * Row counts of the ordinary tables, by name (see {@link MainTables}: a name that is not valid
     * UTF-8 is counted too, under its name with those bytes written as {@code \xHH}).
     */
    public static Map<String, Long> rowCounts(Statement st) throws SQLException {
        try (MainTables tables = MainTables.of(st)) {
            return rowCounts(st, tables);
        }
    }

    public static Map<String, Long> rowCounts(Statement st, MainTables tables) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (MainTables.Table t : tables.tables()) {
            counts.put(t.name(), single(st, "SELECT count(*) FROM " + t.from()));
        }
        return counts;
    }
}
