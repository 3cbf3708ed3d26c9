package dev.safesqlite.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** {@code safesqlite console ...} run as the jar, as an operator starts it; stopped like Ctrl-C stops it. */
final class ConsoleProcess implements AutoCloseable {

    private static final Path JAR = Path.of(System.getProperty("cli.jar.under.test", "target/safesqlite-cli.jar"))
            .toAbsolutePath();

    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final String url;

    ConsoleProcess(Path workDir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + workDir, "-jar", JAR.toString(), "console"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("SAFESQLITE_"));
        process = pb.start();
        process.getOutputStream().close();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) lines.add(line);
            } catch (Exception e) {
                lines.add("(output unreadable: " + e + ")");
            }
        }, "console-output");
        reader.setDaemon(true);
        reader.start();
        String found = null;
        long deadline = System.currentTimeMillis() + 60_000; // bounds a hang; asserts nothing about speed
        while (found == null && System.currentTimeMillis() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null) {
                synchronized (output) {
                    output.add(line);
                }
                if (line.trim().matches("https?://\\S+/\\?token=\\S+")) found = line.trim();
            } else if (!process.isAlive()) {
                break;
            }
        }
        url = found;
        if (url == null) {
            process.destroyForcibly();
            throw new AssertionError("safesqlite console printed no URL:\n" + String.join("\n", output));
        }
    }

    /** The URL it printed, token included. */
    String url() {
        return url;
    }

    String printed() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy(); // SIGTERM, as Ctrl-C: the shutdown hook stops the server
        if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
    }
}
