package dev.safesqlite.benchmarks;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the whole-process harnesses share: starting a child JVM of this class path (with or
 * without the agent), reading the lines it prints, and the median and spread of a series.
 */
final class ChildJvms {

    /** A front of a child JVM: how it is started and which URL it opens. */
    enum Front {
        /** Plain sqlite-jdbc, no agent. */
        RAW("raw"),
        /** The same plain URL under {@code -javaagent:safesqlite-agent.jar}. */
        AGENT("agent"),
        /** {@code jdbc:safesqlite:}, the driver, no agent. */
        DRIVER("driver");

        final String label;

        Front(String label) {
            this.label = label;
        }

        static Front of(String label) {
            for (Front f : values()) {
                if (f.label.equals(label)) return f;
            }
            throw new IllegalArgumentException("unknown front " + label + " (raw, agent, driver)");
        }

        /**
         * The URL a child opens; the SafeSQLite settings keep background work off the measured
         * path (no startup backup, no timed checkpoint), the same for agent and driver.
         */
        String url(Path db, String sqliteParameters) {
            String params = sqliteParameters.isEmpty() ? "" : "?" + sqliteParameters;
            return switch (this) {
                case RAW, AGENT -> "jdbc:sqlite:" + db + params;
                case DRIVER -> "jdbc:safesqlite:" + db + (params.isEmpty() ? "?" : params + "&")
                        + "safesqlite.backup.on.startup=false&safesqlite.checkpoint.interval=0";
            };
        }
    }

    private ChildJvms() {
    }

    /** The agent jar: {@code -Dagent.jar=...}, else {@code agent/target/safesqlite-agent.jar} under the working directory. */
    static Path agentJar() {
        Path jar = Path.of(System.getProperty("agent.jar", "agent/target/safesqlite-agent.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no agent jar at " + jar + ": build it (mvn -B -q -pl agent -am package"
                    + " -DskipTests) or pass -Dagent.jar=PATH");
        }
        return jar;
    }

    /** Agent arguments that keep background work off the measured path, as {@link Front#url} does for the driver. */
    static final String NO_BACKGROUND_WORK = "backup.on.startup=false,checkpoint.interval=0";

    /**
     * Runs {@code main} of this class path in a child JVM as {@code front} ({@code agentArguments}
     * after {@code -javaagent:...jar=} for the agent); returns its output lines.
     */
    static List<String> run(Front front, String agentArguments, List<String> jvmOptions, Class<?> main, String... args)
            throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xms256m");
        cmd.add("-Xmx256m");
        cmd.addAll(jvmOptions);
        if (front == Front.AGENT) {
            cmd.add("-javaagent:" + agentJar() + (agentArguments.isEmpty() ? "" : "=" + agentArguments));
        }
        cmd.add("-cp");
        cmd.add(ManagementFactory.getRuntimeMXBean().getClassPath());
        cmd.add(main.getName());
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        String text = out.toString(StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("child failed: " + String.join(" ", cmd) + "\n" + text);
        return List.of(text.split("\n"));
    }

    /** The numbers of the line that starts with {@code tag + " "}. */
    static double[] values(List<String> lines, String tag) {
        for (String line : lines) {
            if (line.startsWith(tag + " ")) {
                return Arrays.stream(line.substring(tag.length() + 1).trim().split(" ")).mapToDouble(Double::parseDouble)
                        .toArray();
            }
        }
        throw new IllegalStateException("no " + tag + " line in:\n" + String.join("\n", lines));
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    static double median(double[] values) {
        List<Double> l = new ArrayList<>();
        for (double d : values) l.add(d);
        return median(l);
    }

    /** "median (min-max)" of ratios. */
    static String spread(List<Double> ratios) {
        double min = ratios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double max = ratios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return String.format(Locale.ROOT, "%.3f (%.3f-%.3f)", median(ratios), min, max);
    }

    /** The directory to put databases in: {@code --dir DIR}, else the working directory. */
    static Path workDir(List<String> args) throws Exception {
        int i = args.indexOf("--dir");
        Path base = Path.of(i >= 0 ? args.get(i + 1) : ".").toAbsolutePath();
        return Files.createTempDirectory(base, "harness-");
    }

    static int intOption(List<String> args, String name, int byDefault) {
        int i = args.indexOf(name);
        return i >= 0 ? Integer.parseInt(args.get(i + 1)) : byDefault;
    }

    /** {@code --jvm "-XX:+PrintCompilation ..."}: extra options for every child (diagnosis). */
    static List<String> jvmOptions(List<String> args) {
        int i = args.indexOf("--jvm");
        return i >= 0 ? List.of(args.get(i + 1).trim().split("\\s+")) : List.of();
    }

    static void deleteTree(Path dir) throws Exception {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
