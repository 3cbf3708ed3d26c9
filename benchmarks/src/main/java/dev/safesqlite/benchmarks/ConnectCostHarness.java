package dev.safesqlite.benchmarks;

import dev.safesqlite.benchmarks.ChildJvms.Front;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What opening a connection costs, as whole processes: one child JVM per run, the fronts
 * alternated (raw sqlite-jdbc, {@code jdbc:safesqlite:}, optionally the raw URL under
 * {@code -javaagent}, and a second raw run as the control), each on its own copy of an existing
 * WAL database with a table. A child times its first {@code DriverManager.getConnection} (the
 * first connection of the JVM: class loading, the engine's start), closes it, then opens, reads
 * one row by key on and closes {@value #WARM} connections, and times the next {@value #TIMED}
 * such connections one by one, the open alone and the whole connection. The figures: medians
 * over the rounds, and each front's difference to the raw run of the same round (median, then
 * the smallest and largest).
 *
 * <pre>
 * mvn -B -q -pl agent,benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.safesqlite.benchmarks.ConnectCostHarness [--rounds 9] [--dir /dev/shm]
 *     [--fronts driver,agent]
 * </pre>
 *
 * The SafeSQLite settings are the defaults (the startup health check and backup run in the
 * background, as they do in an application); the later opens start once the first has returned.
 */
public final class ConnectCostHarness {

    static final int WARM = 500;
    static final int TIMED = 1000;

    private ConnectCostHarness() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        if (!a.isEmpty() && a.get(0).equals("child")) {
            child(a.get(1), Path.of(a.get(2)));
            return;
        }
        int rounds = ChildJvms.intOption(a, "--rounds", 9);
        List<String> jvm = ChildJvms.jvmOptions(a);
        int fi = a.indexOf("--fronts");
        List<String> labels = new ArrayList<>();
        labels.add("raw");
        for (String f : (fi >= 0 ? a.get(fi + 1) : "driver").split(",")) {
            if (!f.equals("raw")) labels.add(Front.of(f).label);
        }
        labels.add("raw/raw control");
        Path work = ChildJvms.workDir(a);
        System.out.printf(Locale.ROOT, "ConnectCostHarness: %d rounds, databases in %s, %d cores, Java %s%n", rounds,
                work, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        try {
            Path seed = work.resolve("seed.db");
            AgentWarmupHarness.createSeed(seed);
            // label -> one {first ms, open µs, connection µs} per round
            Map<String, List<double[]>> runs = new LinkedHashMap<>();
            for (String l : labels) runs.put(l, new ArrayList<>());
            for (int round = 0; round < rounds + 1; round++) {
                List<String> order = new ArrayList<>(labels);
                if (round % 2 == 1) java.util.Collections.reverse(order);
                Map<String, double[]> got = new LinkedHashMap<>();
                for (String label : order) {
                    Front f = label.startsWith("raw") ? Front.RAW : Front.of(label);
                    Path dir = Files.createDirectories(work.resolve("r" + round + "-" + label.replaceAll("\\W", "")));
                    Path db = dir.resolve("app.db");
                    Files.copy(seed, db);
                    List<String> out = ChildJvms.run(f, "", jvm, ConnectCostHarness.class, "child", f.label, db.toString());
                    double[] later = ChildJvms.values(out, "LATER_US");
                    got.put(label, new double[] {ChildJvms.values(out, "FIRST_MS")[0], later[0], later[1]});
                    ChildJvms.deleteTree(dir);
                }
                if (round == 0) continue; // the first round warms the file cache
                double[] raw = got.get("raw");
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                        "round %d: raw first %.1f ms, open %.1f us, connection %.1f us;", round, raw[0], raw[1], raw[2]));
                for (String l : labels) {
                    double[] v = got.get(l);
                    runs.get(l).add(v);
                    if (!l.equals("raw")) {
                        line.append(String.format(Locale.ROOT, " %s %+.1f ms %+.1f us %+.1f us", l, v[0] - raw[0],
                                v[1] - raw[1], v[2] - raw[2]));
                    }
                }
                System.out.println(line);
            }
            System.out.printf(Locale.ROOT, "%n| front | first connection ms | minus raw, ms | later open µs | minus raw, µs"
                    + " | open + read + close µs | minus raw, µs |%n|---|---:|---:|---:|---:|---:|---:|%n");
            for (String l : labels) {
                StringBuilder row = new StringBuilder("| " + l + " |");
                for (int k = 0; k < 3; k++) {
                    List<Double> values = new ArrayList<>();
                    List<Double> deltas = new ArrayList<>();
                    for (int r = 0; r < runs.get(l).size(); r++) {
                        values.add(runs.get(l).get(r)[k]);
                        deltas.add(runs.get(l).get(r)[k] - runs.get("raw").get(r)[k]);
                    }
                    row.append(String.format(Locale.ROOT, " %.1f | %s |", ChildJvms.median(values),
                            l.equals("raw") ? "" : range(deltas)));
                }
                System.out.println(row);
            }
        } finally {
            ChildJvms.deleteTree(work);
        }
    }

    private static String range(List<Double> values) {
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return String.format(Locale.ROOT, "%+.1f (%+.1f to %+.1f)", ChildJvms.median(values), min, max);
    }

    private static void child(String front, Path db) throws Exception {
        String url = (front.equals("driver") ? "jdbc:safesqlite:" : "jdbc:sqlite:") + db;
        long start = System.nanoTime();
        Connection c = DriverManager.getConnection(url);
        double firstMs = (System.nanoTime() - start) / 1e6;
        c.close();
        for (int i = 0; i < WARM; i++) connection(url, null);
        double[] open = new double[TIMED];
        double[] whole = new double[TIMED];
        for (int i = 0; i < TIMED; i++) {
            long t = System.nanoTime();
            connection(url, open, i);
            whole[i] = (System.nanoTime() - t) / 1e3;
        }
        System.out.printf(Locale.ROOT, "FIRST_MS %.3f%nLATER_US %.3f %.3f%n", firstMs, ChildJvms.median(open),
                ChildJvms.median(whole));
    }

    private static void connection(String url, double[] openUs) throws Exception {
        connection(url, openUs, 0);
    }

    /**
     * What an unpooled application does per request: open, one read by key, close. The open alone
     * is timed into {@code openUs[i]}: the engine's WAL check is the connection's first SQL, so it
     * makes SQLite open the file and the WAL there, which a raw connection does at its first
     * statement instead; the whole connection compares like with like.
     */
    private static void connection(String url, double[] openUs, int i) throws Exception {
        long t = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url)) {
            if (openUs != null) openUs[i] = (System.nanoTime() - t) / 1e3;
            try (PreparedStatement read = c.prepareStatement("SELECT balance FROM accounts WHERE id = ?")) {
                read.setInt(1, 1 + i % AgentWarmupHarness.ACCOUNTS);
                try (ResultSet rs = read.executeQuery()) {
                    rs.next();
                }
            }
        }
    }
}
