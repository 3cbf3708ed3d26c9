package dev.safesqlite;

import dev.safesqlite.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A real SQLite file with an {@code orders} table, where its backups go, and URLs that protect it. */
record TestDatabase(Path file, Path backupDir) {

    /** {@code dir/app.db} with {@code rows} orders; backups go to {@code dir/backups}. */
    static TestDatabase withOrders(Path dir, int rows) throws Exception {
        return new TestDatabase(TestDatabases.ordersDatabase(dir.resolve("app.db"), rows), dir.resolve("backups"));
    }

    /**
     * {@code dir/app.db} with 3 orders and what {@code schemaSql} creates, run through plain
     * sqlite-jdbc (no backup is taken of the set-up); backups go to {@code dir/backups}.
     */
    static TestDatabase withTables(Path dir, String schemaSql) throws Exception {
        TestDatabase db = withOrders(dir, 3);
        db.runRaw(schemaSql);
        return db;
    }

    /** Runs {@code sql} (one or more statements) on the file through plain sqlite-jdbc, past SafeSQLite. */
    void runRaw(String sql) throws SQLException {
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = raw.createStatement()) {
            st.executeUpdate(sql);
        }
    }

    /**
     * A {@code jdbc:safesqlite:} connection with coalescing off ({@code safesqlite.coalesce=0}), so
     * that every destructive statement is judged, and backed up, on its own.
     */
    Connection openUncoalesced() throws SQLException {
        return DriverManager.getConnection(url("safesqlite.coalesce=0"));
    }

    /** {@link #openUncoalesced()} with {@code PRAGMA foreign_keys = ON}, so that cascades run. */
    Connection openUncoalescedWithForeignKeys() throws SQLException {
        Connection c = openUncoalesced();
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA foreign_keys = ON");
        }
        return c;
    }

    /** The first column of the first row of {@code sql}, e.g. a {@code count(*)}. */
    static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** {@link #count(Connection, String)} on another SQLite file, such as a backup, through plain sqlite-jdbc. */
    static long count(Path sqliteFile, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqliteFile)) {
            return count(c, sql);
        }
    }

    /**
     * The {@code jdbc:safesqlite:} URL of this database, its backups in {@link #backupDir()}, with
     * {@code extra} parameters appended. The start-up backup is off: it runs in the background and
     * would race the test's own clean-up.
     */
    String url(String... extra) {
        StringBuilder url = new StringBuilder(SafeSqliteDriver.PREFIX).append(file)
                .append("?safesqlite.backup.dir=").append(backupDir)
                .append("&safesqlite.backup.on.startup=false");
        for (String parameter : extra) {
            url.append('&').append(parameter);
        }
        return url.toString();
    }

    /** Backups taken before a destructive statement ({@code pre-ddl}, {@code pre-delete}, {@code pre-update}). */
    List<BackupInfo> preOperationBackups() throws Exception {
        if (!Files.isDirectory(backupDir)) {
            return List.of();
        }
        return SafeSqlite.of(file, Map.of("safesqlite.backup.dir", backupDir.toString())).list().stream()
                .filter(b -> b.reason().startsWith("pre-"))
                .toList();
    }

    /** The reasons of {@link #preOperationBackups()}, sorted: what a test asserts was or was not backed up. */
    List<String> preOperationReasons() throws Exception {
        return preOperationBackups().stream().map(BackupInfo::reason).sorted().toList();
    }

    /**
     * How many file descriptors of this process point at the database file: a real count, read
     * from {@code /proc/self/fd}, of what an unclosed connection leaves behind.
     */
    long openHandles() throws IOException, InterruptedException {
        // The engine's own background check of a newly opened database holds the file briefly
        // on a connection of its own; only the application's handles are counted here.
        dev.safesqlite.testing.TestDatabases.drainBackgroundWork();
        Path target = file.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(target);
                } catch (IOException | UnsupportedOperationException gone) {
                    return false; // closed while we looked, or not a link
                }
            }).count();
        }
    }
}
