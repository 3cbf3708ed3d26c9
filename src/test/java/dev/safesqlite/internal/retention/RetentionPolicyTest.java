package dev.safesqlite.internal.retention;

import static dev.safesqlite.internal.retention.Backups.auto;
import static dev.safesqlite.internal.retention.Backups.deletedIds;
import static dev.safesqlite.internal.retention.Backups.keptIds;
import static dev.safesqlite.internal.retention.Backups.manual;
import static dev.safesqlite.internal.retention.Backups.reasonsById;
import static dev.safesqlite.internal.retention.KeepReason.ALWAYS_KEPT;
import static dev.safesqlite.internal.retention.KeepReason.DAILY;
import static dev.safesqlite.internal.retention.KeepReason.DELETE_ALL_REFUSED;
import static dev.safesqlite.internal.retention.KeepReason.LAST;
import static dev.safesqlite.internal.retention.KeepReason.MONTHLY;
import static dev.safesqlite.internal.retention.KeepReason.OLDEST_DAILY;
import static dev.safesqlite.internal.retention.KeepReason.WEEKLY;
import static dev.safesqlite.internal.retention.KeepReason.WITHIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.internal.config.InvalidSettingException;
import dev.safesqlite.internal.config.Settings;
import dev.safesqlite.internal.config.SettingsResolver;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The rules one at a time, and the edges: empty, single, ties, manual backups, the future. */
class RetentionPolicyTest {

    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final Instant T = Instant.parse("2026-05-20T12:00:00Z");

    private static RetentionPolicy keepLast(int n) {
        return new RetentionPolicy(n, 0, 0, 0, Duration.ZERO, UTC);
    }

    private static RetentionPolicy keepDaily(int n) {
        return new RetentionPolicy(0, n, 0, 0, Duration.ZERO, UTC);
    }

    private static RetentionPolicy keepWithin(Duration d) {
        return new RetentionPolicy(0, 0, 0, 0, d, UTC);
    }

    /** {@code count} automatic backups one hour apart, the newest at {@code newest}, oldest first. */
    private static List<BackupCandidate> hourly(int count, Instant newest) {
        return IntStream.range(0, count)
                .mapToObj(i -> auto(newest.minus(Duration.ofHours(count - 1 - i))))
                .toList();
    }

    @Test
    void aSingleBackupIsKeptByEveryRuleThatIsOn() {
        BackupCandidate only = auto(T);
        RetentionPolicy defaults = new RetentionPolicy(10, 7, 4, 12, Duration.ofDays(1), UTC);

        RetentionDecision decision = defaults.decide(List.of(only), T);

        assertEquals(Map.of(only.id(), Set.of(LAST, DAILY, WEEKLY, MONTHLY, WITHIN)), reasonsById(decision));
        assertEquals(List.of(), decision.deleted());
        assertFalse(decision.deleteAllRefused());
    }

    @Test
    void noCandidatesIsNoDecision() {
        RetentionDecision decision = keepLast(1).decide(List.of(), T);

        assertEquals(List.of(), decision.kept());
        assertEquals(List.of(), decision.deleted());
        assertFalse(decision.deleteAllRefused());
    }

    @Test
    void keepLastKeepsTheNewestAndListsNewestFirst() {
        List<BackupCandidate> backups = new ArrayList<>(hourly(5, T));
        Collections.shuffle(backups, new java.util.Random(1));

        RetentionDecision decision = keepLast(2).decide(backups, T);

        assertEquals(List.of(T.toString(), T.minusSeconds(3600).toString()), keptIds(decision));
        assertEquals(List.of(T.minusSeconds(2 * 3600).toString(), T.minusSeconds(3 * 3600).toString(),
                T.minusSeconds(4 * 3600).toString()), deletedIds(decision));
    }

    @Test
    void identicalTimesAreOrderedByIdWhateverTheInputOrder() {
        BackupCandidate c = auto("c", T);
        BackupCandidate a = auto("a", T);
        BackupCandidate b = auto("b", T);
        BackupCandidate older = auto("older", T.minusSeconds(60));
        List<List<BackupCandidate>> orders = List.of(
                List.of(c, a, b, older), List.of(older, b, c, a), List.of(a, b, c, older), List.of(b, older, a, c));

        for (List<BackupCandidate> order : orders) {
            assertEquals(List.of("a"), keptIds(keepLast(1).decide(order, T)), "keepLast, input " + order);
            assertEquals(List.of("b", "c", "older"), deletedIds(keepLast(1).decide(order, T)), "input " + order);
            assertEquals(List.of("a", "b"), keptIds(keepLast(2).decide(order, T)), "keepLast 2, input " + order);
            assertEquals(List.of("a"), keptIds(keepDaily(1).decide(order, T)), "keepDaily, input " + order);
        }
    }

    @Test
    void allRulesOffDeletesNothingAndSaysSo() {
        RetentionPolicy off = new RetentionPolicy(0, 0, 0, 0, Duration.ZERO, UTC);
        List<BackupCandidate> backups = new ArrayList<>(hourly(4, T));
        backups.add(manual("manual", T.minusSeconds(30)));

        RetentionDecision decision = off.decide(backups, T);

        assertTrue(decision.deleteAllRefused());
        assertEquals(List.of(), decision.deleted());
        Map<String, Set<KeepReason>> reasons = reasonsById(decision);
        assertEquals(Set.of(ALWAYS_KEPT), reasons.get("manual"));
        assertEquals(Set.of(DELETE_ALL_REFUSED), reasons.get(T.toString()));
        assertEquals(5, reasons.size());
    }

    @Test
    void onlyManualBackupsAreKeptWithoutRefusing() {
        RetentionDecision decision = keepLast(1).decide(List.of(manual("m1", T), manual("m2", T.minusSeconds(1))), T);

        assertEquals(List.of("m1", "m2"), keptIds(decision));
        assertFalse(decision.deleteAllRefused());
    }

    @Test
    void manualAndPinnedBackupsAreKeptButUseUpNoCount() {
        Instant newestAuto = T.minus(Duration.ofHours(3));
        List<BackupCandidate> backups = new ArrayList<>(hourly(3, newestAuto));
        backups.add(manual("manual-newest", T));
        backups.add(manual("pinned-ancient", T.minus(Duration.ofDays(4000))));

        RetentionDecision decision = keepLast(2).decide(backups, T);

        assertEquals(List.of("manual-newest", newestAuto.toString(), newestAuto.minusSeconds(3600).toString(),
                "pinned-ancient"), keptIds(decision));
        assertEquals(Set.of(ALWAYS_KEPT), reasonsById(decision).get("manual-newest"));
        assertEquals(List.of(newestAuto.minusSeconds(2 * 3600).toString()), deletedIds(decision));
    }

    @Test
    void aManualBackupDoesNotTakeItsDayFromTheAutomaticOnes() {
        BackupCandidate morning = auto(T.minus(Duration.ofHours(4)));
        BackupCandidate yesterday = auto(T.minus(Duration.ofDays(1)));

        RetentionDecision decision = keepDaily(1).decide(List.of(manual("manual", T), morning, yesterday), T);

        assertEquals(Set.of(DAILY), reasonsById(decision).get(morning.id()));
        assertEquals(List.of(yesterday.id()), deletedIds(decision));
    }

    @Test
    void withinCountsFromTheNewestAutomaticBackupNotFromNowNorFromAManualOne() {
        Instant newest = T.minus(Duration.ofDays(30));
        BackupCandidate newestAuto = auto(newest);
        BackupCandidate youngEnough = auto(newest.minus(Duration.ofHours(47)));
        BackupCandidate exactlyTwoDays = auto(newest.minus(Duration.ofDays(2)));
        BackupCandidate older = auto(newest.minus(Duration.ofDays(3)));
        List<BackupCandidate> backups = List.of(manual("manual", T), older, exactlyTwoDays, youngEnough, newestAuto);

        RetentionDecision decision = keepWithin(Duration.ofDays(2)).decide(backups, T);

        assertEquals(List.of("manual", newestAuto.id(), youngEnough.id()), keptIds(decision));
        assertEquals(Set.of(WITHIN), reasonsById(decision).get(youngEnough.id()));
        // "younger than": a backup exactly that old is out, as restic's strict comparison has it.
        assertEquals(List.of(exactlyTwoDays.id(), older.id()), deletedIds(decision));
    }

    @Test
    void aBackupStampedInTheFutureIsNotTheNewestForWithin() {
        BackupCandidate future = auto(T.plus(Duration.ofDays(10)));
        BackupCandidate recent = auto(T.minus(Duration.ofHours(1)));
        BackupCandidate earlier = auto(T.minus(Duration.ofHours(20)));
        BackupCandidate old = auto(T.minus(Duration.ofHours(26)));

        RetentionDecision decision = keepWithin(Duration.ofDays(1)).decide(List.of(future, recent, earlier, old), T);

        assertEquals(List.of(future.id(), recent.id(), earlier.id()), keptIds(decision));
        assertEquals(List.of(old.id()), deletedIds(decision));
    }

    @Test
    void whenEveryBackupIsInTheFutureWithinKeepsThemAll() {
        List<BackupCandidate> backups = hourly(5, T.plus(Duration.ofDays(400)));

        RetentionDecision decision = keepWithin(Duration.ofHours(1)).decide(backups, T);

        assertEquals(List.of(), decision.deleted());
        assertFalse(decision.deleteAllRefused());
    }

    @Test
    void aRuleWithPeriodsLeftAlsoKeepsTheOldestBackup() {
        // Three days, two backups a day.
        List<BackupCandidate> backups = List.of(
                auto(Instant.parse("2026-05-18T08:00:00Z")), auto(Instant.parse("2026-05-18T20:00:00Z")),
                auto(Instant.parse("2026-05-19T08:00:00Z")), auto(Instant.parse("2026-05-19T20:00:00Z")),
                auto(Instant.parse("2026-05-20T08:00:00Z")), auto(Instant.parse("2026-05-20T20:00:00Z")));

        Map<String, Set<KeepReason>> seven = reasonsById(keepDaily(7).decide(backups, T));
        assertEquals(List.of("2026-05-20T20:00:00Z", "2026-05-19T20:00:00Z", "2026-05-18T20:00:00Z",
                "2026-05-18T08:00:00Z"), List.copyOf(seven.keySet()));
        assertEquals(Set.of(OLDEST_DAILY), seven.get("2026-05-18T08:00:00Z"));

        // Exactly as many days as asked for: no count left, so the oldest goes.
        assertEquals(List.of("2026-05-20T20:00:00Z", "2026-05-19T20:00:00Z", "2026-05-18T20:00:00Z"),
                keptIds(keepDaily(3).decide(backups, T)));
    }

    @Test
    void rulesAreOredAndEachCountsOnItsOwn() {
        // Four days, two a day; keep the last 3 and 3 days: the two rules overlap on the newest.
        List<BackupCandidate> backups = new ArrayList<>();
        for (int day = 0; day < 4; day++) {
            Instant evening = Instant.parse("2026-05-20T20:00:00Z").minus(Duration.ofDays(day));
            backups.add(auto(evening));
            backups.add(auto(evening.minus(Duration.ofHours(12))));
        }
        RetentionPolicy policy = new RetentionPolicy(3, 3, 0, 0, Duration.ZERO, UTC);

        Map<String, Set<KeepReason>> reasons = reasonsById(policy.decide(backups, T));

        assertEquals(Map.of(
                "2026-05-20T20:00:00Z", Set.of(LAST, DAILY),
                "2026-05-20T08:00:00Z", Set.of(LAST),
                "2026-05-19T20:00:00Z", Set.of(LAST, DAILY),
                "2026-05-18T20:00:00Z", Set.of(DAILY)), reasons);
    }

    @Test
    void twoBackupsWithOneIdAreABug() {
        List<BackupCandidate> backups = List.of(auto("same", T), auto("same", T.minusSeconds(5)));

        assertThrows(IllegalArgumentException.class, () -> keepLast(1).decide(backups, T));
    }

    @Test
    void negativeCountsAndDurationsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> keepLast(-1));
        assertThrows(IllegalArgumentException.class, () -> keepDaily(-1));
        assertThrows(IllegalArgumentException.class, () -> keepWithin(Duration.ofSeconds(-1)));
    }

    @Test
    void aHugeWithinKeepsEverythingWithoutOverflowing() {
        List<BackupCandidate> backups = List.of(auto(Instant.parse("0001-01-01T00:00:00Z")), auto(T));

        assertEquals(List.of(), keepWithin(Duration.ofSeconds(Long.MAX_VALUE)).decide(backups, T).deleted());
    }

    @Test
    void buildsFromSettings() throws InvalidSettingException {
        Properties p = new Properties();
        p.setProperty("safesqlite.retain.last", "3");
        p.setProperty("safesqlite.retain.daily", "2");
        p.setProperty("safesqlite.retain.weekly", "0");
        p.setProperty("safesqlite.retain.monthly", "5");
        p.setProperty("safesqlite.retain.within", "90m");
        Settings settings = SettingsResolver.builder().connectionProperties(p).environment(Map.of()).resolve();
        ZoneId berlin = ZoneId.of("Europe/Berlin");

        RetentionPolicy fromSettings = RetentionPolicy.from(settings, berlin);

        RetentionPolicy same = new RetentionPolicy(3, 2, 0, 5, Duration.ofMinutes(90), berlin);
        List<BackupCandidate> backups = hourly(100, T);
        assertEquals(same.toString(), fromSettings.toString());
        assertEquals(same.decide(backups, T), fromSettings.decide(backups, T));
        assertEquals("keep last 10, daily 7, weekly 4, monthly 12, within PT24H of the newest, in Europe/Berlin",
                RetentionPolicy.from(Settings.defaults(), berlin).toString());
    }
}
