package dev.safesqlite.benchmarks;

import dev.safesqlite.internal.continuous.ContinuousProtection;
import dev.safesqlite.internal.continuous.PointInTime;
import dev.safesqlite.internal.engine.ProtectedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Continuous protection (SPEC 11) measured whole-run, side by side in one run (not a test:
 * README's Figures quote its output):
 * <ol>
 *   <li>a writer's commit latency, p50 and p99, through {@code jdbc:safesqlite:} with
 *       {@code continuous=off} and {@code on}, rounds interleaved (off, on, off, on, ...), so
 *       the spread of the off rounds says what a ratio is worth on this machine;</li>
 *   <li>bytes kept per transaction against the WAL bytes SQLite wrote for the same workload;</li>
 *   <li>the time to protect a {@code DROP TABLE} on a large database: a restore point
 *       ({@code continuous=on}) against a full pre-operation backup ({@code off}), and the
 *       statement on plain sqlite-jdbc as the control;</li>
 *   <li>restore time to a point one hour into a day of changes: a day of one transaction every
 *       2 s (43,200), each kept on its own as a managed connection's commit is, run compressed
 *       in time (as fast as the machine writes them, so "one hour in" is a position, the
 *       1,800th transaction of the day, not a wall-clock time), compacted as the engine does.</li>
 * </ol>
 *
 * <p>Usage: {@code java -Dbench.dir=/dev/shm -cp benchmarks/target/benchmarks.jar
 * dev.safesqlite.benchmarks.ContinuousBenchmark [--large] [--commits N] [--day N]}; {@code --large}
 * adds the 1 GB database to the 200 MB one.
 */
public final class ContinuousBenchmark {

    private static final int ROUNDS = 3;

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        boolean large = a.contains("--large");
        int commits = intArg(a, "--commits", 2000);
        int day = intArg(a, "--day", 43_200);
        Path work = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", ".")).toAbsolutePath(), "bench-continuous-");
        System.out.printf(Locale.ROOT, "SafeSQLite continuous protection, %d cores, Java %s, in %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), work);
        try {
            commitLatency(work, commits);
            for (int mb : large ? new int[] {200, 1024} : new int[] {200}) protectDropTable(work, mb, mb == 200 ? day : 0);
        } finally {
            BackupBenchmark.deleteWork(work);
        }
    }

    private static int intArg(List<String> a, String name, int dflt) {
        int i = a.indexOf(name);
        return i >= 0 ? Integer.parseInt(a.get(i + 1)) : dflt;
    }

    public static String url(Path db, Path backups, boolean continuous) {
        return "jdbc:safesqlite:" + db + "?safesqlite.backup.dir=" + backups + "&safesqlite.backup.on.startup=false"
                + "&safesqlite.coalesce=0&safesqlite.continuous=" + (continuous ? "on" : "off");
    }

    public static ContinuousProtection continuousOf(Path db) throws InterruptedException {
        Path file = db.toAbsolutePath().normalize();
        for (int i = 0; i < 60_000; i++) {
            for (ProtectedDatabase d : ProtectedDatabase.all()) {
                if (d.file().toAbsolutePath().normalize().equals(file) && d.continuous() != null && d.continuous().ready()) {
                    return d.continuous();
                }
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("continuous protection of " + db + " did not start");
    }

    // 1 and 2 ------------------------------------------------------------------------------

    private static void commitLatency(Path work, int commits) throws Exception {
        System.out.printf(Locale.ROOT, "%n== commit latency of one writer, %d commits a round (an insert of a 200-byte row "
                + "and, every 4th, an update), %d rounds each, interleaved%n", commits, ROUNDS);
        List<double[]> off = new ArrayList<>();
        List<double[]> on = new ArrayList<>();
        long keptBytes = 0;
        long keptTransactions = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (boolean continuous : new boolean[] {false, true}) {
                Path dir = Files.createDirectories(work.resolve("latency-" + round + (continuous ? "-on" : "-off")));
                Path db = dir.resolve("app.db");
                Path backups = dir.resolve("backups");
                try (Connection c = DriverManager.getConnection(url(db, backups, continuous))) {
                    try (Statement st = c.createStatement()) {
                        st.execute("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, v BLOB, n INTEGER)");
                    }
                    ContinuousProtection cp = continuous ? continuousOf(db) : null;
                    long first = cp == null ? 0 : cp.keepNow();
                    double[] ms = writer(c, commits, new Random(round));
                    (continuous ? on : off).add(ms);
                    if (cp != null) {
                        long last = cp.keepNow();
                        cp.stop();
                        keptTransactions += last - first;
                        keptBytes += changeBytes(backups, db, first);
                    }
                }
            }
        }
        long walBytes = walBytesOf(work.resolve("wal-count"), commits);
        int walTransactions = writingCommits;
        System.out.printf(Locale.ROOT, "%-16s %12s %12s%n", "", "p50 (ms)", "p99 (ms)");
        for (int i = 0; i < ROUNDS; i++) {
            System.out.printf(Locale.ROOT, "%-16s %12.3f %12.3f%n", "off, round " + (i + 1), pct(off.get(i), 50), pct(off.get(i), 99));
            System.out.printf(Locale.ROOT, "%-16s %12.3f %12.3f%n", "on, round " + (i + 1), pct(on.get(i), 50), pct(on.get(i), 99));
        }
        for (int p : new int[] {50, 99}) {
            double[] offs = off.stream().mapToDouble(x -> pct(x, p)).sorted().toArray();
            double[] ons = on.stream().mapToDouble(x -> pct(x, p)).sorted().toArray();
            double mOff = offs[offs.length / 2];
            System.out.printf(Locale.ROOT, "p%d: on/off = %.2f (medians of the rounds); the off rounds alone spread %.2f..%.2f "
                    + "of their median%n", p, ons[ons.length / 2] / mOff, offs[0] / mOff, offs[offs.length - 1] / mOff);
        }
        System.out.printf(Locale.ROOT, "%n== bytes kept per transaction%n");
        System.out.printf(Locale.ROOT, "change files: %d bytes for %d transactions = %.0f bytes a transaction%n", keptBytes,
                keptTransactions, keptBytes / (double) keptTransactions);
        System.out.printf(Locale.ROOT, "WAL SQLite wrote for round 1's workload (plain sqlite-jdbc, autocheckpoint off, the -wal's "
                + "growth): %d bytes for %d commits that changed a row = %.0f bytes a transaction; kept/WAL = %.2f%n", walBytes,
                walTransactions, walBytes / (double) walTransactions,
                (keptBytes / (double) keptTransactions) / (walBytes / (double) walTransactions));
    }

    /** Each commit's latency (ms): the statement, autocommit, through the driver. */
    private static double[] writer(Connection c, int commits, Random r) throws Exception {
        double[] ms = new double[commits];
        byte[] value = new byte[200];
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO t(v, n) VALUES (?, ?)");
             PreparedStatement update = c.prepareStatement("UPDATE t SET n = n + 1 WHERE id = ?")) {
            for (int i = 0; i < commits; i++) {
                r.nextBytes(value);
                long t = System.nanoTime();
                int changed;
                if (i % 4 == 3) {
                    update.setLong(1, 1 + r.nextInt(i)); // a row that may not exist: then nothing is written
                    changed = update.executeUpdate();
                } else {
                    insert.setBytes(1, value);
                    insert.setInt(2, i);
                    changed = insert.executeUpdate();
                }
                if (changed > 0) writingCommits++;
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
        }
        return ms;
    }

    /** Commits of the last {@link #writer} run that changed a row (the others write no WAL frame, and are no transaction). */
    private static int writingCommits;

    private static double pct(double[] values, int p) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
    }

    /** The bytes of the change files holding transactions after {@code after}. */
    private static long changeBytes(Path backups, Path db, long after) throws Exception {
        var log = new PointInTime(backups, db).log();
        long bytes = 0;
        for (var n : log.files()) if (n.first() > after) bytes += Files.size(log.file(n));
        return bytes;
    }

    /** The WAL SQLite writes for the same workload: plain sqlite-jdbc, no checkpoint, the -wal's size at the end. */
    private static long walBytesOf(Path dir, int commits) throws Exception {
        Files.createDirectories(dir);
        Path db = dir.resolve("app.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement st = c.createStatement()) {
                st.executeQuery("PRAGMA journal_mode=WAL").close();
                st.execute("PRAGMA wal_autocheckpoint=0");
                st.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB, n INTEGER)");
            }
            long before = Files.size(dir.resolve("app.db-wal"));
            writingCommits = 0;
            writer(c, commits, new Random(0));
            return Files.size(dir.resolve("app.db-wal")) - before;
        }
    }

    // 3 and 4 ------------------------------------------------------------------------------

    private static void protectDropTable(Path work, int mb, int dayTransactions) throws Exception {
        Path dir = Files.createDirectories(work.resolve("db" + mb));
        Path db = dir.resolve("app.db");
        BackupBenchmark.build(db, mb);
        System.out.printf(Locale.ROOT, "%n== protecting a DROP TABLE on a database of %.0f MB (median of %d rounds after a warm-up)%n",
                Files.size(db) / 1e6, ROUNDS);
        String victim = "CREATE TABLE victim(id INTEGER PRIMARY KEY, v TEXT); INSERT INTO victim(v) VALUES ('a'), ('b')";

        double plain = statementMedian(() -> {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
                st.executeUpdate(victim);
                long t = System.nanoTime();
                st.execute("DROP TABLE victim");
                return System.nanoTime() - t;
            }
        });

        Path fullBackups = dir.resolve("backups-full");
        double full = statementMedian(() -> {
            try (Connection c = DriverManager.getConnection(url(db, fullBackups, false)); Statement st = c.createStatement()) {
                try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + db); Statement rst = raw.createStatement()) {
                    rst.executeUpdate(victim);
                }
                long t = System.nanoTime();
                st.execute("DROP TABLE victim"); // a full, verified pre-ddl backup first
                long took = System.nanoTime() - t;
                deleteBackups(fullBackups);
                return took;
            }
        });

        Path pointBackups = dir.resolve("backups-continuous");
        long startAt = System.nanoTime();
        Connection keeper = DriverManager.getConnection(url(db, pointBackups, true));
        ContinuousProtection cp = continuousOf(db);
        double firstStart = (System.nanoTime() - startAt) / 1e9;
        try (Statement st = keeper.createStatement()) {
            double point = statementMedian(() -> {
                try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + db); Statement rst = raw.createStatement()) {
                    rst.executeUpdate(victim);
                }
                long t = System.nanoTime();
                st.execute("DROP TABLE victim"); // a restore point first
                return System.nanoTime() - t;
            });
            System.out.printf(Locale.ROOT, "%-58s %10.4f s%n", "DROP TABLE, plain sqlite-jdbc (control)", plain);
            System.out.printf(Locale.ROOT, "%-58s %10.4f s%n", "DROP TABLE with a full pre-operation backup (continuous=off)", full);
            System.out.printf(Locale.ROOT, "%-58s %10.4f s%n", "DROP TABLE with a restore point (continuous=on)", point);
            System.out.printf(Locale.ROOT, "restore point / full backup = %.4f (goal: under 0.01)%n", point / full);
            System.out.printf(Locale.ROOT, "(continuous protection's first start on this database, its base snapshot: %.2f s, once)%n",
                    firstStart);
            if (dayTransactions > 0) dayOfChanges(keeper, cp, db, pointBackups, dayTransactions);
        } finally {
            cp.stop();
            keeper.close();
        }
        BackupBenchmark.deleteWork(dir);
    }

    interface Statement1 {
        long nanos() throws Exception;
    }

    /** The median of ROUNDS timings of one statement (after a warm-up), in seconds: the set-up around it is not counted. */
    private static double statementMedian(Statement1 w) throws Exception {
        w.nanos();
        double[] s = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) s[i] = w.nanos() / 1e9;
        Arrays.sort(s);
        return s[ROUNDS / 2];
    }

    private static void deleteBackups(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.contains("pre-")) Files.deleteIfExists(p);
            }
        }
    }

    private static void dayOfChanges(Connection c, ContinuousProtection cp, Path db, Path backups, int transactions)
            throws Exception {
        System.out.printf(Locale.ROOT, "%n== restore to one hour into a day of changes: %d transactions (one every %.1f s of a "
                + "day), each an update and an insert, each kept on its own (compressed in time)%n", transactions,
                86_400.0 / transactions);
        long dayStart = cp.keepNow();
        Random r = new Random(1);
        long maxId;
        try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT max(id) FROM events")) {
            rs.next();
            maxId = rs.getLong(1);
        }
        long t0 = System.nanoTime();
        try (PreparedStatement update = c.prepareStatement("UPDATE events SET at = at + 1 WHERE id = ?");
             PreparedStatement insert = c.prepareStatement("INSERT INTO events(kind, payload, at) VALUES (?, ?, ?)")) {
            for (int i = 0; i < transactions; i++) {
                c.setAutoCommit(false);
                update.setLong(1, 1 + (long) (r.nextDouble() * maxId));
                update.executeUpdate();
                insert.setString(1, "kind" + r.nextInt(50));
                insert.setString(2, "y".repeat(150) + i);
                insert.setLong(3, i);
                insert.executeUpdate();
                c.commit();
                c.setAutoCommit(true);
                cp.keepNow(); // one change file per transaction, as a managed connection's commits at that rate make
            }
        }
        double writing = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        while (cp.compact() > 0) {
            // what the engine's maintenance does every second, caught up at once
        }
        double compacting = (System.nanoTime() - t1) / 1e9;
        var log = new PointInTime(backups, db).log();
        long hourOne = dayStart + transactions / 24;
        int filesToHourOne = log.chain(dayStart + 1, hourOne).size();
        PointInTime pit = new PointInTime(backups, db);
        Path out = Files.createTempFile(backups, "restored-", ".db");
        double snapshotOnly = BackupBenchmark.median(ROUNDS, () -> pit.materialize(dayStart, out));
        double toHourOne = BackupBenchmark.median(ROUNDS, () -> pit.materialize(hourOne, out));
        Files.deleteIfExists(out);
        System.out.printf(Locale.ROOT, "writing and keeping the day: %.1f s; compacting it: %.1f s; %d change files in all%n",
                writing, compacting, log.files().size());
        System.out.printf(Locale.ROOT, "%-58s %10.3f s%n", "restore the day's first snapshot alone (control)", snapshotOnly);
        System.out.printf(Locale.ROOT, "%-58s %10.3f s  (%d change files read, %d transactions applied)%n",
                "restore to one hour into the day", toHourOne, filesToHourOne, hourOne - dayStart);
    }
}
