package dev.safesqlite.agent;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A child JVM started with or without the agent, its output read back whole. */
final class ChildRun {

    static final Path AGENT_JAR = Path.of(System.getProperty("safesqlite.agent.jar", "target/safesqlite-agent.jar"))
            .toAbsolutePath();

    private final Path jdk;
    private final List<String> jvmOptions = new ArrayList<>();
    private String classPath = "";
    private Path workDir = Path.of(".").toAbsolutePath();

    private ChildRun(Path jdk) {
        this.jdk = jdk;
    }

    static ChildRun on(Path jdk) {
        assumeTrue(Files.isExecutable(Jdks.java(jdk)), "no JDK at " + jdk);
        return new ChildRun(jdk);
    }

    /** {@code -javaagent:safesqlite-agent.jar=arguments}, or without {@code =} when arguments is empty. */
    ChildRun agent(String arguments) {
        jvmOptions.add("-javaagent:" + AGENT_JAR + (arguments.isEmpty() ? "" : "=" + arguments));
        return this;
    }

    ChildRun option(String option) {
        jvmOptions.add(option);
        return this;
    }

    ChildRun classPath(TestClassPath... pieces) {
        this.classPath = TestClassPath.of(pieces);
        return this;
    }

    ChildRun workDir(Path dir) {
        this.workDir = dir;
        return this;
    }

    record Result(int exitCode, String output) {
        boolean printed(String text) {
            return output.contains(text);
        }

        /**
         * How many audit events of this name the application's own SLF4J printed (a child with
         * slf4j-simple on its class path logs {@code ... INFO safesqlite.audit - backup.created db=...}).
         */
        long events(String event) {
            return output.lines().filter(l -> l.contains("safesqlite.audit - " + event + " ")).count();
        }
    }

    Process start(String main, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Jdks.java(jdk).toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(main);
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    }

    /** Runs to the end (at most two minutes, so a hung child fails the test instead of the build). */
    Result run(String main, String... args) throws Exception {
        Process p = start(main, args);
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not finish within 120 s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** {@link dev.safesqlite.samples.legacy.LegacyApp}, the unmodified application. */
    Result legacyApp(String how, String url, String... steps) throws Exception {
        String[] args = new String[steps.length + 2];
        args[0] = how;
        args[1] = url;
        System.arraycopy(steps, 0, args, 2, steps.length);
        return run("dev.safesqlite.samples.legacy.LegacyApp", args);
    }
}
