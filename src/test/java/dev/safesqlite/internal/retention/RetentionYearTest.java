package dev.safesqlite.internal.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A year of synthetic backups (several a day, gaps of days and weeks, identical times, some
 * manual) through many policies and zones, checked against {@link ExpectedRetention}.
 */
class RetentionYearTest {

    private static final List<Long> SEEDS = List.of(20260101L, 7L);
    private static final List<ZoneId> ZONES = List.of(
            ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York"), ZoneOffset.UTC, ZoneId.of("Asia/Kolkata"));

    /** From early January 2026 into late January 2027: two clock changes and 2026's ISO week 53. */
    static List<BackupCandidate> aYearOfBackups(long seed) {
        Random random = new Random(seed);
        Instant end = Instant.parse("2027-01-20T00:00:00Z");
        List<BackupCandidate> backups = new ArrayList<>();
        for (Instant t = Instant.parse("2026-01-03T06:17:00Z"); t.isBefore(end); ) {
            // Random ids, so that ties in time are not also in id order.
            String id = Integer.toHexString(random.nextInt()) + "-" + backups.size();
            backups.add(new BackupCandidate(id, t, random.nextInt(40) == 0));
            int roll = random.nextInt(300);
            if (roll == 0) {
                t = t.plus(Duration.ofHours(48 + random.nextInt(20 * 24)));
            } else if (roll > 10) {
                t = t.plus(Duration.ofMinutes(1 + random.nextInt(10 * 60)));
            } // else the next backup has the very same time
        }
        Collections.shuffle(backups, random);
        return backups;
    }

    static Stream<Arguments> policiesZonesAndYears() {
        List<ExpectedRetention> policies = new ArrayList<>();
        for (ZoneId zone : ZONES) {
            policies.add(new ExpectedRetention(10, 7, 4, 12, Duration.ofDays(1), zone)); // the defaults
            policies.add(new ExpectedRetention(0, 0, 0, 0, Duration.ZERO, zone));
            policies.add(new ExpectedRetention(25, 0, 0, 0, Duration.ZERO, zone));
            policies.add(new ExpectedRetention(0, 30, 0, 0, Duration.ZERO, zone));
            policies.add(new ExpectedRetention(0, 0, 60, 0, Duration.ZERO, zone)); // more weeks than there are
            policies.add(new ExpectedRetention(0, 0, 0, 24, Duration.ZERO, zone)); // more months than there are
            policies.add(new ExpectedRetention(0, 0, 0, 0, Duration.ofDays(7), zone));
            policies.add(new ExpectedRetention(3, 400, 20, 6, Duration.ofHours(36), zone));
        }
        return SEEDS.stream().flatMap(seed -> policies.stream().map(p -> arguments(p, seed)));
    }

    @ParameterizedTest(name = "{0}, seed {1}")
    @MethodSource("policiesZonesAndYears")
    void decidesAsTheRulesSpelledOutLongHand(ExpectedRetention expectation, long seed) {
        List<BackupCandidate> backups = aYearOfBackups(seed);
        Instant now = Instant.parse("2027-01-20T00:00:00Z");

        RetentionDecision decision = expectation.policy().decide(backups, now);

        Map<String, Set<KeepReason>> expected = expectation.kept(backups, now);
        assertEquals(expected, Backups.reasonsById(decision));
        Set<String> expectedDeleted = backups.stream().map(BackupCandidate::id)
                .filter(id -> !expected.containsKey(id)).collect(Collectors.toSet());
        assertEquals(expectedDeleted, new HashSet<>(Backups.deletedIds(decision)));
        assertEquals(decision.kept().size() + decision.deleted().size(), backups.size());
        assertNewestFirst(decision.kept().stream().map(KeptBackup::backup).toList());
        assertNewestFirst(decision.deleted());
    }

    @Test
    void theSyntheticYearIsAsIrregularAsClaimed() {
        for (long seed : SEEDS) {
            List<BackupCandidate> backups = new ArrayList<>(aYearOfBackups(seed));
            backups.sort(ExpectedRetention.NEWEST_FIRST);
            Set<LocalDate> days = backups.stream()
                    .map(b -> LocalDate.ofInstant(b.created(), ZoneOffset.UTC)).collect(Collectors.toSet());
            long sameTimeAsNext = 0;
            long longGaps = 0;
            for (int i = 1; i < backups.size(); i++) {
                Duration gap = Duration.between(backups.get(i).created(), backups.get(i - 1).created());
                sameTimeAsNext += gap.isZero() ? 1 : 0;
                longGaps += gap.compareTo(Duration.ofDays(3)) > 0 ? 1 : 0;
            }
            String why = "seed " + seed;
            assertTrue(backups.size() > 2 * days.size(), why + ": several backups a day");
            assertTrue(days.size() > 200, why + ": most of a year");
            assertTrue(longGaps >= 5, why + ": gaps of days");
            assertTrue(sameTimeAsNext >= 10, why + ": identical times");
            assertTrue(backups.stream().filter(BackupCandidate::alwaysKept).count() >= 10, why + ": manual backups");
        }
    }

    private static void assertNewestFirst(List<BackupCandidate> list) {
        List<BackupCandidate> sorted = new ArrayList<>(list);
        sorted.sort(ExpectedRetention.NEWEST_FIRST);
        assertEquals(sorted, list);
    }
}
