package dev.safesqlite.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.sqlite.util.OSInfo;

/**
 * Runs the built {@code cli.jar.under.test} as a separate process, as an operator would, with no
 * terminal attached (so no progress bars and no questions).
 */
final class Cli {

    /** What a run printed and how it ended. */
    record Run(int exit, String out, String err) {
        JsonObject json() {
            return JsonParser.parseString(out).getAsJsonObject();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private static final Path JAR = Path.of(System.getProperty("cli.jar.under.test", "target/safesqlite-cli.jar"))
            .toAbsolutePath();

    private final Path workDir;

    Cli(Path workDir) {
        this.workDir = workDir;
    }

    Run run(String... args) throws Exception {
        return start(java(args));
    }

    /**
     * Runs with files limited to {@code kilobytes} each ({@code ulimit -f}): writing past it fails
     * with EFBIG, as a full disk fails a write. The JVM ignores SIGXFSZ, so the write returns an
     * error instead of killing the process. sqlite-jdbc's native library is extracted beforehand,
     * because the limit would stop its own extraction.
     */
    Run runWithFileSizeLimit(int kilobytes, String... args) throws Exception {
        List<String> java = java(args);
        java.add(1, "-Dorg.sqlite.lib.path=" + nativeLibraryDir());
        java.add(2, "-Dorg.sqlite.lib.name=" + nativeLibraryName());
        StringBuilder cmd = new StringBuilder("ulimit -f " + kilobytes + "; exec");
        for (String a : java) cmd.append(" '").append(a.replace("'", "'\\''")).append('\'');
        return start(List.of("bash", "-c", cmd.toString()));
    }

    /**
     * Runs on a terminal, as an operator at a shell: util-linux {@code script} gives the process a
     * pseudo-terminal (so it asks, and draws progress bars), and {@code typed} is what the
     * operator types. On a terminal standard output and standard error are one stream: {@link
     * Run#out()} holds both, including the echo of what was typed.
     */
    Run runOnTerminal(String typed, String... args) throws Exception {
        StringBuilder cmd = new StringBuilder("exec");
        for (String a : java(args)) cmd.append(" '").append(a.replace("'", "'\\''")).append('\'');
        ProcessBuilder pb = new ProcessBuilder("script", "-q", "-e", "-c", cmd.toString(), "/dev/null")
                .directory(workDir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("SAFESQLITE_"));
        pb.environment().put("TERM", "dumb");
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(typed.getBytes(StandardCharsets.UTF_8));
        }
        CompletableFuture<String> out = read(p.getInputStream());
        CompletableFuture<String> err = read(p.getErrorStream());
        if (!p.waitFor(120, TimeUnit.SECONDS)) { // bounds a hang; asserts nothing about speed
            p.destroyForcibly();
            throw new AssertionError("safesqlite " + String.join(" ", args) + " on a terminal did not end");
        }
        return new Run(p.exitValue(), out.get().replace("\r\n", "\n"), err.get());
    }

    private List<String> java(String... args) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is not built: run the tests with 'mvn verify' (failsafe runs them "
                    + "after the package phase)");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + workDir, "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private Run start(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("SAFESQLITE_"));
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = read(p.getInputStream());
        CompletableFuture<String> err = read(p.getErrorStream());
        if (!p.waitFor(120, TimeUnit.SECONDS)) { // bounds a hang; asserts nothing about speed
            p.destroyForcibly();
            throw new AssertionError("safesqlite " + String.join(" ", command) + " did not end");
        }
        return new Run(p.exitValue(), out.get(), err.get());
    }

    private static CompletableFuture<String> read(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        });
    }

    private static String nativeLibraryName() {
        return System.mapLibraryName("sqlitejdbc").replace(".dylib", ".jnilib");
    }

    private Path nativeLibraryDir() throws IOException {
        Path dir = workDir.resolve("native");
        Path lib = dir.resolve(nativeLibraryName());
        if (!Files.exists(lib)) {
            Files.createDirectories(dir);
            String resource = "/org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + nativeLibraryName();
            try (InputStream in = org.sqlite.JDBC.class.getResourceAsStream(resource)) {
                if (in == null) throw new IOException("sqlite-jdbc has no native library " + resource);
                Files.copy(in, lib);
            }
        }
        return dir;
    }
}
