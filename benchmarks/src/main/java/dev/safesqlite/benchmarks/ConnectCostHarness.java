package dev.safesqlite.benchmarks;

import dev.safesqlite.benchmarks.ChildJvms.Front;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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
 * first connection of the JVM: class loading, the engine's start), closes it, then opens and
 * closes {@value #WARM} connections, and times the next {@value #TIMED} opens one by one. The
 * figures: the first open's difference to the raw run of the same round (ms), and the median
 * later open (µs), with the smallest and largest over the rounds.
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
            Map<String, List<Double>> first = new LinkedHashMap<>();
            Map<String, List<Double>> firstDelta = new LinkedHashMap<>();
            Map<String, List<Double>> later = new LinkedHashMap<>();
            Map<String, List<Double>> laterDelta = new LinkedHashMap<>();
            for (String l : labels) {
                first.put(l, new ArrayList<>());
                firstDelta.put(l, new ArrayList<>());
                later.put(l, new ArrayList<>());
                laterDelta.put(l, new ArrayList<>());
            }
            for (int round = 0; round < rounds + 1; round++) {
                List<String> order = new ArrayList<>(labels);
                if (round % 2 == 1) java.util.Collections.reverse(order);
                Map<String, double[]> got = new LinkedHashMap<>();
                for (String label : order) {
                    Front f = label.startsWith("raw") ? Front.RAW : Front.of(label);
                    Path dir = Files.createDirectories(work.resolve("r" + round + "-" + label.replaceAll("\\W", "")));
                    Path db = dir.resolve("app.db");
                    Files.copy(seed, db);
                    List<String> out = ChildJvms.run(f, "", jvm,
                            ConnectCostHarness.class, "child", f.label, db.toString());
                    got.put(label, new double[] {ChildJvms.values(out, "FIRST_MS")[0], ChildJvms.values(out, "LATER_US")[0]});
                    ChildJvms.deleteTree(dir);
                }
                if (round == 0) continue; // the first round warms the file cache
                double[] raw = got.get("raw");
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                        "round %d: raw first %.1f ms, later %.1f us;", round, raw[0], raw[1]));
                for (String l : labels) {
                    double[] v = got.get(l);
                    first.get(l).add(v[0]);
                    later.get(l).add(v[1]);
                    firstDelta.get(l).add(v[0] - raw[0]);
                    laterDelta.get(l).add(v[1] - raw[1]);
                    if (!l.equals("raw")) {
                        line.append(String.format(Locale.ROOT, " %s %+.1f ms %+.1f us", l, v[0] - raw[0], v[1] - raw[1]));
                    }
                }
                System.out.println(line);
            }
            System.out.printf(Locale.ROOT, "%n| front | first connection ms | minus raw, ms (min-max) | later open µs"
                    + " | minus raw, µs (min-max) | ratio to raw |%n|---|---:|---:|---:|---:|---:|%n");
            double rawLater = ChildJvms.median(later.get("raw"));
            for (String l : labels) {
                System.out.printf(Locale.ROOT, "| %s | %.1f | %s | %.1f | %s | %.3f |%n", l, ChildJvms.median(first.get(l)),
                        l.equals("raw") ? "" : range(firstDelta.get(l)), ChildJvms.median(later.get(l)),
                        l.equals("raw") ? "" : range(laterDelta.get(l)), ChildJvms.median(later.get(l)) / rawLater);
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
        for (int i = 0; i < WARM; i++) DriverManager.getConnection(url).close();
        double[] us = new double[TIMED];
        for (int i = 0; i < TIMED; i++) {
            long t = System.nanoTime();
            Connection later = DriverManager.getConnection(url);
            us[i] = (System.nanoTime() - t) / 1e3;
            later.close();
        }
        System.out.printf(Locale.ROOT, "FIRST_MS %.3f%nLATER_US %.3f%n", firstMs, ChildJvms.median(us));
    }
}
