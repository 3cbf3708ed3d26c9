package dev.safesqlite.benchmarks;

import dev.safesqlite.internal.backup.BackupDirectory;
import dev.safesqlite.internal.backup.Compression;
import dev.safesqlite.internal.backup.SnapshotWriter;
import dev.safesqlite.internal.backup.StoredBackup;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whole-run measurement of a pre-operation backup against the baselines, side by side in one
 * run on the same file: a durable file copy (copy + fsync: the least any backup can cost) and
 * the {@code sqlite3} shell's {@code .backup} where the shell is installed. Then the latency a
 * writer on another connection sees while backups run, against the same writer alone.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.safesqlite.benchmarks.BackupBenchmark [MB ...]}
 */
public final class BackupBenchmark {

    private static final int ROUNDS = 5;

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {200} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        Path work = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", ".")).toAbsolutePath(), "bench-");
        try {
            for (int mb : sizes) {
                run(work, mb);
            }
        } finally {
            deleteTree(work);
        }
    }

    /** Seconds per method (median), and the writer's p50/p99 in ms alone and during backups. */
    public record Figures(int mb, long bytes, double copy, double backup, double shell,
                          double[] writerAlone, double[] writerDuring) {
    }

    static Figures run(Path work, int mb) throws Exception {
        Path db = work.resolve("bench" + mb + ".db");
        build(db, mb);
        long bytes = Files.size(db);
        System.out.printf(Locale.ROOT, "%n== database of %.0f MB (%d bytes), median of %d rounds%n", bytes / 1e6, bytes, ROUNDS);

        double copy = median(ROUNDS, () -> durableCopy(db, work.resolve("copy.db")));
        BackupDirectory dir = BackupDirectory.open(work.resolve("backups"));
        double backup = median(ROUNDS, () -> {
            StoredBackup b = SnapshotWriter.write(dir, new SnapshotWriter.Request(db, "pre-ddl", null, "quick",
                    Compression.NONE, false));
            dir.exclusively(() -> {
                dir.delete(b);
                return null;
            });
        });
        double shell = sqliteShell() ? median(ROUNDS, () -> shellBackup(db, work.resolve("shell.db"))) : Double.NaN;

        System.out.printf(Locale.ROOT, "%-44s %9s %8s%n", "method", "seconds", "ratio");
        System.out.printf(Locale.ROOT, "%-44s %9.3f %8s%n", "file copy + fsync (baseline)", copy, "1.00");
        System.out.printf(Locale.ROOT, "%-44s %9.3f %8.2f%n", "SafeSQLite pre-operation backup (verify=quick)", backup, backup / copy);
        if (!Double.isNaN(shell)) {
            System.out.printf(Locale.ROOT, "%-44s %9.3f %8.2f%n", "sqlite3 .backup", shell, shell / copy);
        }
        double[][] latency = writerLatency(db, dir);
        Files.deleteIfExists(db);
        return new Figures(mb, bytes, copy, backup, shell, latency[0], latency[1]);
    }

    /** A table of ~200-byte rows and an index, filled to the size asked, in WAL mode. */
    static void build(Path db, int mb) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("CREATE TABLE events(id INTEGER PRIMARY KEY, kind TEXT, payload TEXT, at INTEGER)");
            st.execute("CREATE INDEX events_kind ON events(kind, at)");
            c.setAutoCommit(false);
            long rows = mb * 1_000_000L / 237; // about 237 bytes a row with its index entry
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO events(kind, payload, at) VALUES (?, ?, ?)")) {
                String payload = "x".repeat(180);
                for (long i = 0; i < rows; i++) {
                    ps.setString(1, "kind" + (i % 50));
                    ps.setString(2, payload + i);
                    ps.setLong(3, i);
                    ps.addBatch();
                    if (i % 10_000 == 0) ps.executeBatch();
                }
                ps.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    private static void durableCopy(Path from, Path to) throws IOException {
        Files.deleteIfExists(to);
        Files.copy(from, to);
        try (FileChannel ch = FileChannel.open(to, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    private static boolean sqliteShell() {
        try {
            return new ProcessBuilder("sqlite3", "-version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static void shellBackup(Path db, Path to) throws Exception {
        Files.deleteIfExists(to);
        Process p = new ProcessBuilder("sqlite3", db.toString(), ".backup '" + to + "'").inheritIO().start();
        if (p.waitFor() != 0) throw new IOException("sqlite3 .backup failed");
    }

    /**
     * p50/p99 of single-row autocommit inserts by a writer on its own connection, first alone,
     * then while backups run back to back on the same database.
     */
    private static double[][] writerLatency(Path db, BackupDirectory dir) throws Exception {
        double[] alone = writerLatencies(db, 1500, null);
        AtomicBoolean stop = new AtomicBoolean();
        Thread backups = new Thread(() -> {
            while (!stop.get()) {
                try {
                    StoredBackup b = SnapshotWriter.write(dir, new SnapshotWriter.Request(db, "pre-ddl", null, "quick",
                            Compression.NONE, false));
                    dir.exclusively(() -> {
                        dir.delete(b);
                        return null;
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        double[] during = writerLatencies(db, 1500, () -> backups.start());
        stop.set(true);
        backups.join();
        System.out.printf(Locale.ROOT, "writer insert latency (ms)      p50     p99     max%n");
        System.out.printf(Locale.ROOT, "  alone                      %6.3f  %6.3f  %6.3f%n", alone[0], alone[1], alone[2]);
        System.out.printf(Locale.ROOT, "  while backups run          %6.3f  %6.3f  %6.3f   (p99 ratio %.2f)%n",
                during[0], during[1], during[2], during[1] / alone[1]);
        return new double[][] {alone, during};
    }

    private static double[] writerLatencies(Path db, int n, Runnable atStart) throws Exception {
        List<Double> ms = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db + "?busy_timeout=10000");
             PreparedStatement ps = c.prepareStatement("INSERT INTO events(kind, payload, at) VALUES ('w', 'writer', ?)")) {
            if (atStart != null) atStart.run();
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                ps.setLong(1, i);
                ps.executeUpdate();
                ms.add((System.nanoTime() - t) / 1e6);
                Thread.sleep(1);
            }
        }
        ms.sort(null);
        return new double[] {ms.get(n / 2), ms.get((int) (n * 0.99)), ms.get(n - 1)};
    }

    static void deleteWork(Path work) throws IOException {
        deleteTree(work);
    }

    interface Work {
        void run() throws Exception;
    }

    static double median(int rounds, Work w) throws Exception {
        w.run(); // warm up: page cache, JIT
        double[] s = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long t = System.nanoTime();
            w.run();
            s[i] = (System.nanoTime() - t) / 1e9;
        }
        Arrays.sort(s);
        return s[rounds / 2];
    }

    private static void deleteTree(Path p) throws IOException {
        try (var walk = Files.walk(p)) {
            for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
    }
}
