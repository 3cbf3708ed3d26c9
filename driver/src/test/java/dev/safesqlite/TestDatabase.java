package dev.safesqlite;

import dev.safesqlite.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
