package dev.safesqlite.agent.measure;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Start-up cost of the agent: wall time of {@link EmptyMain} with and without
 * {@code -javaagent}, alternated, N runs each, medians. A measurement, not a test:
 * {@code java -cp agent/target/test-classes dev.safesqlite.agent.measure.StartupCost AGENT_JAR [JAVA] [N]}.
 */
public final class StartupCost {

    private StartupCost() {
    }

    public static void main(String[] args) throws Exception {
        String agentJar = args[0];
        String java = args.length > 1 ? args[1] : Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 21;
        String classPath = System.getProperty("java.class.path");
        List<String> plain = List.of(java, "-cp", classPath, EmptyMain.class.getName());
        List<String> agent = List.of(java, "-javaagent:" + agentJar, "-cp", classPath, EmptyMain.class.getName());
        time(plain);
        time(agent); // warm the file cache for both
        long[] without = new long[runs];
        long[] with = new long[runs];
        for (int i = 0; i < runs; i++) {
            without[i] = time(plain);
            with[i] = time(agent);
        }
        long a = median(without);
        long b = median(with);
        System.out.printf("%s: empty main, median of %d: without agent %d ms, with agent %d ms, added %d ms%n",
                java, runs, a, b, b - a);
    }

    private static long time(List<String> command) throws Exception {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(new File("/dev/null"))).start();
        if (p.waitFor() != 0) throw new IllegalStateException("failed: " + command);
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
