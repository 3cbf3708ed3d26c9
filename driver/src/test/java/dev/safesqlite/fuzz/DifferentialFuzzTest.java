package dev.safesqlite.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random schemas and calls through every JDBC path, each run through {@code jdbc:safesqlite:}
 * and on an identical copy through raw sqlite-jdbc, with SQLite's own effect as the ground
 * truth: no destructive call may run without a backup holding the state before it, outside
 * {@link DocumentedLimit}. Fixed seeds by default; a long run with
 * {@code -Dfuzz.seed=N -Dfuzz.calls=N} (see README, Testing).
 */
class DifferentialFuzzTest {

    @TempDir
    Path dir;

    @Test
    void noDestructiveCallRunsWithoutACorrectBackup() throws Exception {
        long seed = Long.getLong("fuzz.seed", 1);
        int calls = Integer.getInteger("fuzz.calls", 600);
        FuzzRun.Report report = new FuzzRun(seed, calls, dir).run();

        report.falseAlarms.forEach(line -> System.out.println("false alarm: " + line));
        report.divergences.forEach(System.out::println);
        report.wrongBackups.forEach(System.out::println);
        report.missed.forEach(System.out::println);
        String summary = "fuzz seed " + seed + ": " + report.summary();
        System.out.print(report.shapeTable());
        System.out.println(summary);

        List<String> failures = new ArrayList<>(report.missed);
        failures.addAll(report.wrongBackups);
        failures.addAll(report.divergences);
        assertTrue(failures.isEmpty(), () -> summary + "\nfirst failure:\n" + failures.get(0));
    }
}
