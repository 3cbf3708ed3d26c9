package dev.safesqlite.benchmarks;

import dev.safesqlite.benchmarks.ChildJvms.Front;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * How fast each front gets up to speed, as whole processes: one child JVM per run, the fronts
 * alternated (raw sqlite-jdbc, the same URL under {@code -javaagent}, {@code jdbc:safesqlite:},
 * and a second raw run as the control), the same work in each. A unit is 8,400 statements: 6,000
 * prepared point reads, 1,500 prepared keyed updates, 600 literal INSERTs through a plain
 * Statement and 300 prepared {@code DELETE ... WHERE id = (SELECT max(id) ...)}, in transactions
 * of 50. The figure after N units of warm-up is the median time of units N+1..N+3 of a child;
 * the ratio of each front to the raw run of the same round, median over the rounds, and the
 * smallest and largest ratio.
 *
 * <pre>
 * mvn -B -q -pl agent,benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.safesqlite.benchmarks.AgentWarmupHarness [--rounds 7] [--dir /dev/shm]
 *     [--jvm "-XX:+PrintCompilation"] [--fronts agent,driver] [--curves] [--units 43]
 * </pre>
 */
public final class AgentWarmupHarness {

    static final int ACCOUNTS = 10_000;
    /** After how many units of warm-up a figure is read. */
    static int[] AFTER = {10, 20, 40};
    /** Units per child; {@code --units N} (more than 43) adds a figure after N - 3 units. */
    static int UNITS = 43;

    private AgentWarmupHarness() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        if (!a.isEmpty() && a.get(0).equals("child")) {
            UNITS = Integer.parseInt(a.get(3));
            child(Front.of(a.get(1)), Path.of(a.get(2)));
            return;
        }
        int rounds = ChildJvms.intOption(a, "--rounds", 7);
        UNITS = Math.max(43, ChildJvms.intOption(a, "--units", 43));
        if (UNITS > 43) AFTER = new int[] {10, 20, 40, UNITS - 3};
        List<String> jvm = ChildJvms.jvmOptions(a);
        boolean curves = a.contains("--curves"); // every child's output, each unit's time (diagnosis)
        int fi = a.indexOf("--fronts");
        List<Front> fronts = new ArrayList<>();
        for (String f : (fi >= 0 ? a.get(fi + 1) : "agent,driver").split(",")) {
            if (!f.equals("raw")) fronts.add(Front.of(f));
        }
        Path work = ChildJvms.workDir(a);
        System.out.printf(Locale.ROOT, "AgentWarmupHarness: %d rounds, databases in %s, %d cores, Java %s%n", rounds,
                work, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        try {
            Path seed = work.resolve("seed.db");
            createSeed(seed);
            // label -> per checkpoint -> ratios to the round's raw run; and absolute ms
            Map<String, List<List<Double>>> ratios = new LinkedHashMap<>();
            Map<String, List<List<Double>>> millis = new LinkedHashMap<>();
            List<String> labels = new ArrayList<>();
            labels.add("raw");
            for (Front f : fronts) labels.add(f.label);
            labels.add("raw/raw control");
            for (String l : labels) {
                ratios.put(l, newLists());
                millis.put(l, newLists());
            }
            for (int round = 0; round < rounds; round++) {
                List<String> order = new ArrayList<>(labels);
                if (round % 2 == 1) java.util.Collections.reverse(order);
                Map<String, double[]> units = new LinkedHashMap<>();
                for (String label : order) {
                    Front f = label.startsWith("raw") ? Front.RAW : Front.of(label);
                    Path dir = Files.createDirectories(work.resolve("r" + round + "-" + label.replaceAll("\\W", "")));
                    Path db = dir.resolve("oltp.db");
                    Files.copy(seed, db);
                    List<String> out = ChildJvms.run(f, ChildJvms.NO_BACKGROUND_WORK, jvm, AgentWarmupHarness.class, "child", f.label, db.toString(),
                            Integer.toString(UNITS));
                    units.put(label, ChildJvms.values(out, "UNIT_MS"));
                    if (curves) {
                        System.out.println("-- " + label);
                        out.forEach(System.out::println);
                    }
                    ChildJvms.deleteTree(dir);
                }
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %d:", round + 1));
                for (int k = 0; k < AFTER.length; k++) {
                    double raw = after(units.get("raw"), AFTER[k]);
                    line.append(String.format(Locale.ROOT, "  after %d: raw %.1f ms", AFTER[k], raw));
                    for (String l : labels) {
                        double ms = after(units.get(l), AFTER[k]);
                        millis.get(l).get(k).add(ms);
                        ratios.get(l).get(k).add(ms / raw);
                        if (!l.equals("raw")) line.append(String.format(Locale.ROOT, " %s %.3f", l, ms / raw));
                    }
                }
                System.out.println(line);
            }
            System.out.printf(Locale.ROOT, "%n| after units of warm-up | raw ms/unit |");
            for (String l : labels.subList(1, labels.size())) System.out.printf(Locale.ROOT, " %s ms/unit | %s ratio (min-max) |", l, l);
            System.out.println();
            System.out.println("|---:|---:|" + "---:|---:|".repeat(labels.size() - 1));
            for (int k = 0; k < AFTER.length; k++) {
                System.out.printf(Locale.ROOT, "| %d (%,d statements) | %.1f |", AFTER[k], AFTER[k] * 8_400,
                        ChildJvms.median(millis.get("raw").get(k)));
                for (String l : labels.subList(1, labels.size())) {
                    System.out.printf(Locale.ROOT, " %.1f | %s |", ChildJvms.median(millis.get(l).get(k)),
                            ChildJvms.spread(ratios.get(l).get(k)));
                }
                System.out.println();
            }
        } finally {
            ChildJvms.deleteTree(work);
        }
    }

    private static List<List<Double>> newLists() {
        List<List<Double>> l = new ArrayList<>();
        for (int k = 0; k < AFTER.length; k++) l.add(new ArrayList<>());
        return l;
    }

    /** The median of units n+1..n+3 (0-based n..n+2). */
    private static double after(double[] unitMs, int n) {
        return ChildJvms.median(Arrays.copyOfRange(unitMs, n, n + 3));
    }

    static void createSeed(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("CREATE TABLE accounts(id INTEGER PRIMARY KEY, owner TEXT, balance INTEGER)");
            st.execute("CREATE TABLE ledger(id INTEGER PRIMARY KEY, account INTEGER, amount INTEGER)");
            st.execute("WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < " + ACCOUNTS
                    + ") INSERT INTO accounts SELECT k, 'owner ' || k, 100 FROM n");
            st.execute("WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < " + ACCOUNTS
                    + ") INSERT INTO ledger SELECT k, k, 1 FROM n");
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    /** One child JVM: {@link #UNITS} units on {@code db}; prints {@code UNIT_MS} and the ms of each unit. */
    private static void child(Front front, Path db) throws Exception {
        double[] ms = new double[UNITS];
        try (Connection c = DriverManager.getConnection(front.url(db, "journal_mode=WAL&synchronous=NORMAL"));
             Statement literal = c.createStatement();
             PreparedStatement read = c.prepareStatement("SELECT owner, balance FROM accounts WHERE id = ?");
             PreparedStatement update = c.prepareStatement("UPDATE accounts SET balance = balance + ? WHERE id = ?");
             PreparedStatement delete = c.prepareStatement("DELETE FROM ledger WHERE id = (SELECT max(id) FROM ledger)")) {
            c.setAutoCommit(false);
            Random r = new Random(17);
            long sink = 0;
            int statements = 0;
            for (int u = 0; u < UNITS; u++) {
                long start = System.nanoTime();
                for (int block = 0; block < 300; block++) {
                    for (int s = 0; s < 28; s++) {
                        if (s < 20) {
                            read.setInt(1, 1 + r.nextInt(ACCOUNTS));
                            try (ResultSet rs = read.executeQuery()) {
                                if (rs.next()) sink += rs.getLong(2);
                            }
                        } else if (s < 25) {
                            update.setInt(1, 1);
                            update.setInt(2, 1 + r.nextInt(ACCOUNTS));
                            sink += update.executeUpdate();
                        } else if (s < 27) {
                            sink += literal.executeUpdate("INSERT INTO ledger(account, amount) VALUES ("
                                    + (1 + r.nextInt(ACCOUNTS)) + ", " + r.nextInt(1000) + ")");
                        } else {
                            sink += delete.executeUpdate();
                        }
                        if (++statements % 50 == 0) c.commit();
                    }
                }
                ms[u] = (System.nanoTime() - start) / 1e6;
            }
            c.commit();
            if (sink == 42) System.out.println("(sink)");
        }
        StringBuilder out = new StringBuilder("UNIT_MS");
        for (double m : ms) out.append(String.format(Locale.ROOT, " %.3f", m));
        System.out.println(out);
    }
}
