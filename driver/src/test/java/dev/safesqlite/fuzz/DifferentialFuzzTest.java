package dev.safesqlite.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
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

    /** The seeds of {@code mvn verify}; {@code -Dfuzz.seed=N} runs that one instead. */
    static LongStream seeds() {
        Long chosen = Long.getLong("fuzz.seed");
        return chosen != null ? LongStream.of(chosen) : LongStream.of(1, 1_000, 2_000);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void noDestructiveCallRunsWithoutACorrectBackup(long seed) throws Exception {
        int calls = Integer.getInteger("fuzz.calls", 250);
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
