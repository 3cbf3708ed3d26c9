package dev.safesqlite.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A later connection in a JVM that has run for a while, where {@link ConnectCostHarness} (a
 * fresh child per run, 1,500 connections) sees the connect path before the JIT has compiled it.
 * One JVM: blocks of connections alternated raw sqlite-jdbc, {@code jdbc:safesqlite:}, and raw
 * again on another file as the control, each front on its own copy of an existing WAL database
 * (the order turned round every block). Each connection opens, reads one row by key and closes,
 * as an unpooled application does per request; the open alone and the whole connection are
 * timed. Printed: each block's medians, then the median of the blocks after the first half
 * (and their smallest and largest) of each difference to the raw block beside it.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.safesqlite.benchmarks.LaterConnectionHarness [--blocks 16] [--block 1000] [--dir /dev/shm]
 * </pre>
 */
public final class LaterConnectionHarness {

    private LaterConnectionHarness() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        int blocks = ChildJvms.intOption(a, "--blocks", 16);
        int size = ChildJvms.intOption(a, "--block", 1000);
        Path work = ChildJvms.workDir(a);
        System.out.printf(Locale.ROOT, "LaterConnectionHarness: %d blocks of %d connections per front, databases in %s,"
                + " %d cores, Java %s%n", blocks, size, work, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        try {
            Path seed = work.resolve("seed.db");
            AgentWarmupHarness.createSeed(seed);
            String[] urls = new String[3]; // raw, driver, control
            String[] prefixes = {"jdbc:sqlite:", "jdbc:safesqlite:", "jdbc:sqlite:"};
            for (int f = 0; f < 3; f++) {
                Path db = Files.createDirectories(work.resolve("front" + f)).resolve("app.db");
                Files.copy(seed, db);
                urls[f] = prefixes[f] + db;
                DriverManager.getConnection(urls[f]).close(); // the JVM's first connection of each front
            }
            // per block: {driver open, driver whole, control open, control whole} minus raw
            List<double[]> deltas = new ArrayList<>();
            for (int b = 0; b < blocks; b++) {
                double[][] got = new double[3][];
                int[] order = b % 2 == 0 ? new int[] {0, 1, 2} : new int[] {2, 1, 0};
                for (int f : order) got[f] = block(urls[f], size);
                double[] d = {got[1][0] - got[0][0], got[1][1] - got[0][1], got[2][0] - got[0][0], got[2][1] - got[0][1]};
                deltas.add(d);
                System.out.printf(Locale.ROOT, "block %d (%d connections each): raw open %.1f us, connection %.1f us;"
                        + " driver %+.1f us %+.1f us; raw/raw control %+.1f us %+.1f us%n",
                        b, (b + 1) * size, got[0][0], got[0][1], d[0], d[1], d[2], d[3]);
            }
            List<double[]> settled = deltas.subList(blocks / 2, blocks);
            System.out.printf(Locale.ROOT, "%nAfter %d connections per front (blocks %d-%d), minus raw: driver open %s us,"
                    + " whole connection %s us; raw/raw control open %s us, whole connection %s us%n",
                    blocks / 2 * size, blocks / 2, blocks - 1, range(settled, 0), range(settled, 1), range(settled, 2),
                    range(settled, 3));
        } finally {
            ChildJvms.deleteTree(work);
        }
    }

    /** Medians of one block: {open µs, whole connection µs}. */
    private static double[] block(String url, int n) throws Exception {
        double[] open = new double[n];
        double[] whole = new double[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            try (Connection c = DriverManager.getConnection(url)) {
                open[i] = (System.nanoTime() - t) / 1e3;
                try (PreparedStatement read = c.prepareStatement("SELECT balance FROM accounts WHERE id = ?")) {
                    read.setInt(1, 1 + i % AgentWarmupHarness.ACCOUNTS);
                    try (ResultSet rs = read.executeQuery()) {
                        rs.next();
                    }
                }
            }
            whole[i] = (System.nanoTime() - t) / 1e3;
        }
        return new double[] {ChildJvms.median(open), ChildJvms.median(whole)};
    }

    private static String range(List<double[]> rows, int k) {
        List<Double> v = new ArrayList<>();
        for (double[] r : rows) v.add(r[k]);
        double min = v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double max = v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return String.format(Locale.ROOT, "%+.1f (%+.1f to %+.1f)", ChildJvms.median(v), min, max);
    }
}
