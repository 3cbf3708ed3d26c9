package dev.safesqlite.benchmarks;

import dev.safesqlite.internal.audit.Audit;
import dev.safesqlite.internal.lifecycle.StartupHealthCheck;
import dev.safesqlite.internal.retention.BackupCandidate;
import dev.safesqlite.internal.retention.RetentionPolicy;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Every figure README shows, measured side by side in one run, printed as tables of ratios
 * against the baseline of the same run (absolute figures drift from machine to machine).
 *
 * <pre>
 * mvn -B -q -DskipTests package
 * java -cp benchmarks/target/benchmarks.jar dev.safesqlite.benchmarks.Figures [--quick]
 * </pre>
 *
 * {@code --quick} shortens JMH and uses only the 200 MB database (a smoke run, not figures).
 */
public final class Figures {

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        Path agentJar = Path.of("agent/target/safesqlite-agent.jar").toAbsolutePath();
        System.out.printf(Locale.ROOT, "SafeSQLite figures, %s, %d cores, %s %s, Java %s%n%n", LocalDate.now(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"));

        statementOverhead(quick, Files.exists(agentJar) ? agentJar : null);
        // The whole-run harness with its raw-against-raw control: on tmpfs where there is one
        // (what the code costs), and on the disk of bench.dir.
        for (Path dir : Files.isDirectory(Path.of("/dev/shm"))
                ? List.of(Path.of("/dev/shm"), Path.of(System.getProperty("bench.dir", ".")).toAbsolutePath())
                : List.of(Path.of(System.getProperty("bench.dir", ".")).toAbsolutePath())) {
            System.out.printf(Locale.ROOT, "%n## Statement overhead, OLTP harness, %s%n", dir);
            OltpHarness.run(dir, "NORMAL", quick ? 5 : 41, 3_000,
                    List.of(OltpHarness.SAFESQLITE, OltpHarness.SUBCLASS, OltpHarness.P6SPY));
        }
        Path work = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", ".")).toAbsolutePath(), "figures-");
        try {
            List<BackupBenchmark.Figures> backups = new ArrayList<>();
            for (int mb : quick ? new int[] {200} : new int[] {200, 1024}) {
                backups.add(BackupBenchmark.run(work, mb));
            }
            printBackups(backups);
            healthCheck(work, quick ? 200 : 1024);
        } finally {
            BackupBenchmark.deleteWork(work);
        }
        retentionDecision();
        if (Files.exists(agentJar)) agentStartup(agentJar, quick ? 5 : 15);
    }

    /**
     * JMH, every front on the same OLTP mix; the agent's figure is the raw front under
     * -javaagent. The fronts take turns for several rounds and each figure is the median of its
     * rounds, so a drift of the disk or the machine during the run reaches every front alike.
     */
    private static void statementOverhead(boolean quick, Path agentJar) throws Exception {
        int rounds = quick ? 1 : 3;
        Map<String, List<Double>> roundScores = new TreeMap<>(); // "sync op front" -> us/op of each round
        for (int round = 0; round < rounds; round++) {
            run(quick, List.of("raw", "safesqlite", "p6spy"), null, roundScores);
            if (agentJar != null) run(quick, List.of("raw"), agentJar, roundScores);
        }
        Map<String, Double> score = new TreeMap<>();
        roundScores.forEach((key, values) -> score.put(key, median(values)));
        System.out.printf(Locale.ROOT, "%n## Statement overhead (JMH, us/op, median of %d rounds, ratio to raw sqlite-jdbc"
                + " in the same run)%n%n", rounds);
        List<String> fronts = new ArrayList<>(List.of("safesqlite", "p6spy"));
        if (agentJar != null) fronts.add(1, "agent");
        StringBuilder head = new StringBuilder("| synchronous | operation | raw us/op |");
        for (String f : fronts) head.append(' ').append(f).append(" |");
        System.out.println(head);
        System.out.println("|---|---|---:|" + "---:|".repeat(fronts.size()));
        for (String sync : List.of("NORMAL", "FULL")) {
            Map<String, List<Double>> ratios = new TreeMap<>();
            for (String op : List.of("pointRead", "keyedUpdate", "insert", "smallDelete")) {
                double raw = score.get(sync + " " + op + " raw");
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %s | %.2f |", sync, op, raw));
                for (String f : fronts) {
                    double r = score.get(sync + " " + op + " " + f) / raw;
                    ratios.computeIfAbsent(f, k -> new ArrayList<>()).add(r);
                    row.append(String.format(Locale.ROOT, " %.3f |", r));
                }
                System.out.println(row);
            }
            StringBuilder median = new StringBuilder("| " + sync + " | **median ratio** | |");
            for (String f : fronts) median.append(String.format(Locale.ROOT, " **%.3f** |", median(ratios.get(f))));
            System.out.println(median);
        }
    }

    private static void run(boolean quick, List<String> fronts, Path agentJar, Map<String, List<Double>> score)
            throws Exception {
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(StatementOverheadBenchmark.class.getName() + "\\.")
                .param("front", fronts.toArray(new String[0]))
                .forks(1).shouldFailOnError(true);
        if (quick) o.warmupIterations(1).measurementIterations(2);
        if (agentJar != null) {
            o.jvmArgsAppend("-javaagent:" + agentJar + "=backup.on.startup=false,checkpoint.interval=0");
        }
        Collection<RunResult> results = new Runner(o.build()).run();
        for (RunResult r : results) {
            var p = r.getParams();
            String front = agentJar != null ? "agent" : p.getParam("front");
            String op = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.') + 1);
            score.computeIfAbsent(p.getParam("synchronous") + " " + op + " " + front, k -> new ArrayList<>())
                    .add(r.getPrimaryResult().getScore());
        }
    }

    private static void printBackups(List<BackupBenchmark.Figures> all) {
        System.out.println("\n## Pre-operation backup (median of 5, seconds, ratio to a durable file copy)\n");
        System.out.println("| database | copy + fsync | SafeSQLite backup (verified) | ratio | sqlite3 .backup | ratio |");
        System.out.println("|---:|---:|---:|---:|---:|---:|");
        for (var f : all) {
            System.out.printf(Locale.ROOT, "| %d MB | %.3f | %.3f | **%.2f** | %s | %s |%n", f.bytes() / 1_000_000,
                    f.copy(), f.backup(), f.backup() / f.copy(),
                    Double.isNaN(f.shell()) ? "n/a" : String.format(Locale.ROOT, "%.3f", f.shell()),
                    Double.isNaN(f.shell()) ? "n/a" : String.format(Locale.ROOT, "%.2f", f.shell() / f.copy()));
        }
        System.out.println("\n## A writer on another connection while backups run back to back (ms per autocommit insert)\n");
        System.out.println("| database | p50 alone | p50 during | p99 alone | p99 during | max alone | max during |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        for (var f : all) {
            double[] a = f.writerAlone();
            double[] d = f.writerDuring();
            System.out.printf(Locale.ROOT, "| %d MB | %.3f | %.3f | %.3f | %.3f | %.1f | %.1f |%n",
                    f.bytes() / 1_000_000, a[0], d[0], a[1], d[1], a[2], d[2]);
        }
    }

    /** The startup health check (quick_check of the live file) on a database of the given size. */
    private static void healthCheck(Path work, int mb) throws Exception {
        Path db = work.resolve("health" + mb + ".db");
        BackupBenchmark.build(db, mb);
        double s = BackupBenchmark.median(3, () -> StartupHealthCheck.run(db, List.of(), new Audit()));
        System.out.printf(Locale.ROOT, "%n## Startup health check: %d MB database, %.3f s (background thread)%n",
                Files.size(db) / 1_000_000, s);
    }

    /** One retention decision over 1,000 backups spread over a year (deleting the files is extra). */
    private static void retentionDecision() throws Exception {
        List<BackupCandidate> candidates = new ArrayList<>();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 1000; i++) {
            t = t.plus(Duration.ofMinutes(200 + (i * 7919L) % 600));
            candidates.add(new BackupCandidate("b" + i, t, i % 40 == 0));
        }
        RetentionPolicy policy = new RetentionPolicy(10, 7, 4, 12, Duration.ofDays(1), ZoneId.systemDefault());
        Instant now = t;
        for (int i = 0; i < 200; i++) policy.decide(candidates, now); // warm up
        double s = BackupBenchmark.median(9, () -> {
            for (int i = 0; i < 100; i++) policy.decide(candidates, now);
        }) / 100;
        System.out.printf(Locale.ROOT, "%n## Retention: one decision over 1,000 backups, %.3f ms%n", s * 1000);
    }

    /** An empty main with and without -javaagent, as whole processes, interleaved. */
    private static void agentStartup(Path agentJar, int rounds) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = ManagementFactory.getRuntimeMXBean().getClassPath();
        List<Double> without = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        for (int i = 0; i < rounds + 1; i++) {
            double a = time(List.of(java, "-cp", cp, EmptyMain.class.getName()));
            double b = time(List.of(java, "-javaagent:" + agentJar, "-cp", cp, EmptyMain.class.getName()));
            if (i == 0) continue; // the first pair warms the file cache
            without.add(a);
            with.add(b);
        }
        double m0 = median(without);
        double m1 = median(with);
        System.out.printf(Locale.ROOT, "%n## Agent start-up (empty main, median of %d): %.0f ms without, %.0f ms with,"
                + " +%.0f ms (%.2fx)%n", rounds, m0 * 1000, m1 * 1000, (m1 - m0) * 1000, m1 / m0);
    }

    private static double time(List<String> cmd) throws Exception {
        long t = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) throw new IllegalStateException("failed: " + cmd);
        return (System.nanoTime() - t) / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        v.sort(null);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }
}
