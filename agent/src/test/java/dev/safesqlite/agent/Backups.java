package dev.safesqlite.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

/** What a child JVM left on disk: backups by reason, audit events, tables. */
final class Backups {

    private Backups() {
    }

    /** The reasons of the backups in {@code dir} ({@code app_..._pre-ddl.db} gives pre-ddl), sorted. */
    static List<String> reasons(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".db"))
                    .map(n -> n.substring(n.lastIndexOf('_') + 1, n.length() - ".db".length()))
                    .sorted().toList();
        }
    }

    /** The backup files in {@code dir}. */
    static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".db")).sorted().toList();
        }
    }

    /** Row count of a table, or -1 when the table does not exist. */
    static long rows(Path db, String table) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = c.createStatement();
             ResultSet exists = st.executeQuery("SELECT count(*) FROM sqlite_schema WHERE name = '" + table + "'")) {
            if (exists.getLong(1) == 0) return -1;
            try (Statement count = c.createStatement();
                 ResultSet rs = count.executeQuery("SELECT count(*) FROM \"" + table + "\"")) {
                return rs.getLong(1);
            }
        }
    }

    static String journalMode(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            return rs.getString(1);
        }
    }
}
