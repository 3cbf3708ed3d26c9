package dev.safesqlite.internal.retention;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What a policy must keep, worked out the long way for the tests: group by period, sort, take.
 * Written apart from {@link RetentionPolicy} (weeks are named by their Monday, not by IsoFields;
 * periods are grouped, not streamed) so that the two do not share a mistake.
 */
final class ExpectedRetention {

    static final Comparator<BackupCandidate> NEWEST_FIRST = (a, b) -> {
        int byTime = b.created().compareTo(a.created());
        return byTime != 0 ? byTime : a.id().compareTo(b.id());
    };

    private final int last;
    private final int daily;
    private final int weekly;
    private final int monthly;
    private final Duration within;
    private final ZoneId zone;

    ExpectedRetention(int last, int daily, int weekly, int monthly, Duration within, ZoneId zone) {
        this.last = last;
        this.daily = daily;
        this.weekly = weekly;
        this.monthly = monthly;
        this.within = within;
        this.zone = zone;
    }

    RetentionPolicy policy() {
        return new RetentionPolicy(last, daily, weekly, monthly, within, zone);
    }

    /** The ids to keep, each with its reasons; every other candidate is to be deleted. */
    Map<String, Set<KeepReason>> kept(List<BackupCandidate> all, Instant now) {
        List<BackupCandidate> counted = all.stream().filter(b -> !b.alwaysKept()).sorted(NEWEST_FIRST).toList();
        Map<String, Set<KeepReason>> kept = new HashMap<>();

        counted.stream().limit(last).forEach(b -> add(kept, b, KeepReason.LAST));
        keepNewestOfEachPeriod(counted, daily, date -> date, KeepReason.DAILY, KeepReason.OLDEST_DAILY, kept);
        keepNewestOfEachPeriod(counted, weekly, date -> date.with(DayOfWeek.MONDAY),
                KeepReason.WEEKLY, KeepReason.OLDEST_WEEKLY, kept);
        keepNewestOfEachPeriod(counted, monthly, date -> date.withDayOfMonth(1),
                KeepReason.MONTHLY, KeepReason.OLDEST_MONTHLY, kept);
        if (!within.isZero()) {
            Instant newest = counted.stream().map(BackupCandidate::created).filter(t -> !t.isAfter(now))
                    .max(Comparator.naturalOrder()).orElse(now);
            Instant cutoff = newest.minus(within);
            counted.stream().filter(b -> b.created().isAfter(cutoff)).forEach(b -> add(kept, b, KeepReason.WITHIN));
        }

        if (!counted.isEmpty() && kept.isEmpty()) {
            counted.forEach(b -> add(kept, b, KeepReason.DELETE_ALL_REFUSED));
        }
        all.stream().filter(BackupCandidate::alwaysKept).forEach(b -> add(kept, b, KeepReason.ALWAYS_KEPT));
        return kept;
    }

    /**
     * The newest backup of each of the {@code n} periods whose newest backups are newest; and, when
     * fewer than {@code n} periods have backups, the oldest backup too (restic's rule).
     */
    private void keepNewestOfEachPeriod(List<BackupCandidate> newestFirst, int n, UnaryOperator<LocalDate> periodStart,
                                        KeepReason reason, KeepReason oldestReason, Map<String, Set<KeepReason>> kept) {
        if (n == 0 || newestFirst.isEmpty()) {
            return;
        }
        Map<LocalDate, BackupCandidate> newestOfPeriod = new HashMap<>();
        for (BackupCandidate b : newestFirst) {
            LocalDate start = periodStart.apply(LocalDate.ofInstant(b.created(), zone));
            newestOfPeriod.merge(start, b, (x, y) -> NEWEST_FIRST.compare(x, y) <= 0 ? x : y);
        }
        List<BackupCandidate> representatives = newestOfPeriod.values().stream().sorted(NEWEST_FIRST).toList();
        representatives.stream().limit(n).forEach(b -> add(kept, b, reason));
        BackupCandidate oldest = newestFirst.get(newestFirst.size() - 1);
        if (representatives.size() < n && !representatives.contains(oldest)) {
            add(kept, oldest, oldestReason);
        }
    }

    private static void add(Map<String, Set<KeepReason>> kept, BackupCandidate b, KeepReason reason) {
        kept.computeIfAbsent(b.id(), id -> EnumSet.noneOf(KeepReason.class)).add(reason);
    }

    @Override
    public String toString() {
        return "last " + last + ", daily " + daily + ", weekly " + weekly + ", monthly " + monthly
                + ", within " + within + " in " + zone;
    }
}
