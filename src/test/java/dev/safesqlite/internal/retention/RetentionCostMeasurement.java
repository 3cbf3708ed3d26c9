package dev.safesqlite.internal.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Measures what one retention decision over 1,000 backups costs, with the default policy. Not a
 * test (no timing assertions in the suite): run it by hand, after {@code test-compile}:
 * <pre>java -cp src/target/classes:src/target/test-classes dev.safesqlite.internal.retention.RetentionCostMeasurement</pre>
 */
public final class RetentionCostMeasurement {

    private static final int BACKUPS = 1_000;
    private static final int WARM_UP_DECISIONS = 5_000;
    private static final int ROUNDS = 15;
    private static final int DECISIONS_PER_ROUND = 1_000;

    public static void main(String[] args) {
        List<BackupCandidate> backups = aYearOfBackups();
        Instant now = Instant.parse("2027-01-01T00:00:00Z");
        RetentionPolicy defaults = new RetentionPolicy(10, 7, 4, 12, Duration.ofDays(1), ZoneId.of("Europe/Berlin"));

        // A command-line prune decides once in a fresh JVM: class loading and time-zone rules included.
        long coldStart = System.nanoTime();
        long sink = defaults.decide(backups, now).deleted().size();
        double coldMillis = (System.nanoTime() - coldStart) / 1e6;
        for (int i = 0; i < WARM_UP_DECISIONS; i++) {
            sink += defaults.decide(backups, now).deleted().size();
        }
        double[] microsPerDecision = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < DECISIONS_PER_ROUND; i++) {
                sink += defaults.decide(backups, now).deleted().size();
            }
            microsPerDecision[round] = (System.nanoTime() - start) / 1_000.0 / DECISIONS_PER_ROUND;
        }
        Arrays.sort(microsPerDecision);
        RetentionDecision decision = defaults.decide(backups, now);
        System.out.printf("%,d backups, %s: keeps %d, deletes %d%n",
                BACKUPS, defaults, decision.kept().size(), decision.deleted().size());
        System.out.printf("first decision in a fresh JVM: %.1f ms%n", coldMillis);
        System.out.printf("one decision: median %.1f µs, fastest round %.1f µs, slowest %.1f µs (%d rounds of %,d, Java %s)%n",
                microsPerDecision[ROUNDS / 2], microsPerDecision[0], microsPerDecision[ROUNDS - 1],
                ROUNDS, DECISIONS_PER_ROUND, Runtime.version());
        // Printed so that the JIT cannot drop the decisions as unused.
        System.out.printf("(%,d deletions decided in all)%n", sink);
    }

    /** 1,000 backups 1 to 17 hours apart over about a year, one in 40 manual, in no order. */
    private static List<BackupCandidate> aYearOfBackups() {
        Random random = new Random(1);
        List<BackupCandidate> backups = new ArrayList<>();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < BACKUPS; i++) {
            t = t.plus(Duration.ofMinutes(60 + random.nextInt(16 * 60)));
            backups.add(new BackupCandidate("backup-" + i, t, random.nextInt(40) == 0));
        }
        Collections.shuffle(backups, random);
        return backups;
    }
}
