package dev.safesqlite.agent.measure;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Per-statement overhead of the agent: {@link StatementWorkload} in child JVMs, raw and under
 * the agent, alternated, N runs each; medians and their ratio. A measurement, not a test:
 * {@code java -cp agent/target/test-classes:SQLITE_JAR dev.safesqlite.agent.measure.StatementOverhead AGENT_JAR [JAVA] [N]}.
 */
public final class StatementOverhead {

    private StatementOverhead() {
    }

    public static void main(String[] args) throws Exception {
        String agentJar = args[0];
        String java = args.length > 1 ? args[1] : Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        String classPath = System.getProperty("java.class.path");
        long[] raw = new long[runs];
        long[] agent = new long[runs];
        for (int i = 0; i < runs; i++) {
            raw[i] = run(List.of(java, "-cp", classPath, StatementWorkload.class.getName()));
            agent[i] = run(List.of(java, "-javaagent:" + agentJar + "=backup.on.startup=false", "-cp", classPath,
                    StatementWorkload.class.getName()));
        }
        long a = median(raw);
        long b = median(agent);
        System.out.printf("%s: ns per statement, median of %d runs: raw %d, agent %d, ratio %.3f%n",
                java, runs, a, b, (double) b / a);
    }

    private static long run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        String text = out.toString(StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException(text);
        for (String line : text.split("\n")) {
            if (line.startsWith("NANOS_PER_STATEMENT ")) return Long.parseLong(line.substring(20).trim());
        }
        throw new IllegalStateException("no result: " + text);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
