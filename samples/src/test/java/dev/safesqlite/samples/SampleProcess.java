package dev.safesqlite.samples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a sample (or the CLI jar) as its own process and keeps what it printed. */
record SampleProcess(int exit, String output) {

    static SampleProcess java(Path workDir, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(args);
        Path out = Files.createTempFile(workDir, "process-", ".out");
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("still running after 3 minutes: " + cmd + "\n" + Files.readString(out));
        }
        return new SampleProcess(p.exitValue(), Files.readString(out));
    }

    /** A sample's main class with this module's class path. */
    static SampleProcess sample(Path workDir, Class<?> main, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        all.addAll(List.of(args));
        return java(workDir, all);
    }

    /** {@code java -jar safesqlite-cli.jar ...}, the jar the build just made. */
    static SampleProcess cli(Path workDir, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("-jar", System.getProperty("cli.jar")));
        all.addAll(List.of(args));
        return java(workDir, all);
    }

    /**
     * A command line as a user pastes it into a POSIX shell in {@code workDir}, with this JVM's
     * {@code java} first on the PATH.
     */
    static SampleProcess shell(Path workDir, String commandLine) throws Exception {
        Path out = Files.createTempFile(workDir, "shell-", ".out");
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", commandLine).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + java.io.File.pathSeparator
                + pb.environment().getOrDefault("PATH", "/usr/bin:/bin"));
        Process p = pb.start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("still running after 3 minutes: " + commandLine + "\n" + Files.readString(out));
        }
        return new SampleProcess(p.exitValue(), Files.readString(out));
    }

    static long count(Path db, String table) throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
             var rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
