package dev.safesqlite.internal.retention;

import dev.safesqlite.internal.config.Settings;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides which backups a retention run keeps, with the semantics of restic's {@code forget}:
 * every rule counts on its own over the backups newest first, and a backup is kept when any rule
 * keeps it. Pure: no files, no clock of its own; the same input gives the same decision.
 *
 * <p>{@code manual} and pinned backups ({@link BackupCandidate#alwaysKept()}) are kept and are
 * invisible to the rules: they use up no count and are not "the newest" for {@code within}.
 */
public final class RetentionPolicy {

    // Newest first. Equal times are ordered by id so that the decision does not depend on the
    // order a directory listing happened to return.
    private static final Comparator<BackupCandidate> NEWEST_FIRST =
            Comparator.comparing(BackupCandidate::created).reversed().thenComparing(BackupCandidate::id);

    private final int keepLast;
    private final int keepDaily;
    private final int keepWeekly;
    private final int keepMonthly;
    private final Duration keepWithin;
    private final ZoneId zone;

    /**
     * @param keepLast    keep the N newest backups; 0 = off
     * @param keepDaily   keep the newest backup of each of the last N local days that have one; 0 = off
     * @param keepWeekly  the same for ISO weeks; 0 = off
     * @param keepMonthly the same for months; 0 = off
     * @param keepWithin  keep every backup younger than this, counted from the newest backup;
     *                    {@link Duration#ZERO} = off
     * @param zone        the local time that days, weeks and months are counted in
     */
    public RetentionPolicy(int keepLast, int keepDaily, int keepWeekly, int keepMonthly,
                           Duration keepWithin, ZoneId zone) {
        this.keepLast = notNegative(keepLast, "keepLast");
        this.keepDaily = notNegative(keepDaily, "keepDaily");
        this.keepWeekly = notNegative(keepWeekly, "keepWeekly");
        this.keepMonthly = notNegative(keepMonthly, "keepMonthly");
        this.keepWithin = Objects.requireNonNull(keepWithin, "keepWithin");
        if (keepWithin.isNegative()) {
            throw new IllegalArgumentException("keepWithin must not be negative: " + keepWithin);
        }
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** The policy the {@code retain.*} settings describe, counting calendar periods in {@code zone}. */
    public static RetentionPolicy from(Settings settings, ZoneId zone) {
        return new RetentionPolicy(settings.retainLast(), settings.retainDaily(), settings.retainWeekly(),
                settings.retainMonthly(), settings.retainWithin(), zone);
    }

    /**
     * Decides over {@code candidates}, in any order.
     *
     * @param now the present, only so that a backup stamped in the future by a clock that ran
     *            ahead is not taken as the newest for {@code within} (restic does the same)
     * @throws IllegalArgumentException if two candidates share an id
     */
    public RetentionDecision decide(Collection<BackupCandidate> candidates, Instant now) {
        Objects.requireNonNull(now, "now");
        List<BackupCandidate> newestFirst = new ArrayList<>(candidates);
        newestFirst.sort(NEWEST_FIRST);
        requireUniqueIds(newestFirst);
        List<BackupCandidate> counted = newestFirst.stream().filter(b -> !b.alwaysKept()).toList();
        Map<String, Set<KeepReason>> reasons = applyRules(counted, now);
        // SPEC: a run that would delete everything deletes nothing. Any rule that is on keeps the
        // newest backup, so today only the all-off policy gets here; the check is general so that
        // no rule added later can empty the directory. Manual backups do not count as "kept".
        boolean deleteAllRefused = !counted.isEmpty() && reasons.isEmpty();

        List<KeptBackup> kept = new ArrayList<>();
        List<BackupCandidate> deleted = new ArrayList<>();
        for (BackupCandidate backup : newestFirst) {
            if (backup.alwaysKept()) {
                kept.add(new KeptBackup(backup, EnumSet.of(KeepReason.ALWAYS_KEPT)));
            } else if (deleteAllRefused) {
                kept.add(new KeptBackup(backup, EnumSet.of(KeepReason.DELETE_ALL_REFUSED)));
            } else if (reasons.containsKey(backup.id())) {
                kept.add(new KeptBackup(backup, reasons.get(backup.id())));
            } else {
                deleted.add(backup);
            }
        }
        return new RetentionDecision(kept, deleted, deleteAllRefused);
    }

    /** The reasons each of {@code newestFirst} is kept for, by id; absent = delete. */
    private Map<String, Set<KeepReason>> applyRules(List<BackupCandidate> newestFirst, Instant now) {
        List<PeriodRule> periodRules = List.of(
                new PeriodRule(CalendarPeriod.DAY, keepDaily),
                new PeriodRule(CalendarPeriod.ISO_WEEK, keepWeekly),
                new PeriodRule(CalendarPeriod.MONTH, keepMonthly));
        Instant newest = newestNotInFuture(newestFirst, now);

        Map<String, Set<KeepReason>> reasons = new HashMap<>();
        for (int i = 0; i < newestFirst.size(); i++) {
            BackupCandidate backup = newestFirst.get(i);
            Set<KeepReason> why = EnumSet.noneOf(KeepReason.class);
            if (i < keepLast) {
                why.add(KeepReason.LAST);
            }
            LocalDate date = LocalDate.ofInstant(backup.created(), zone);
            boolean oldest = i == newestFirst.size() - 1;
            for (PeriodRule rule : periodRules) {
                KeepReason reason = rule.offer(date, oldest);
                if (reason != null) {
                    why.add(reason);
                }
            }
            // Duration.between, not newest.minus(keepWithin): a huge keepWithin must not overflow.
            if (!keepWithin.isZero() && Duration.between(backup.created(), newest).compareTo(keepWithin) < 0) {
                why.add(KeepReason.WITHIN);
            }
            if (!why.isEmpty()) {
                reasons.put(backup.id(), why);
            }
        }
        return reasons;
    }

    /**
     * The time {@code within} counts back from: the newest backup not after {@code now}. When
     * every backup is in the future, {@code now} itself, which keeps them all (as restic does).
     */
    private static Instant newestNotInFuture(List<BackupCandidate> newestFirst, Instant now) {
        for (BackupCandidate backup : newestFirst) {
            if (!backup.created().isAfter(now)) {
                return backup.created();
            }
        }
        return now;
    }

    private static void requireUniqueIds(List<BackupCandidate> candidates) {
        Set<String> ids = new HashSet<>();
        for (BackupCandidate backup : candidates) {
            if (!ids.add(backup.id())) {
                throw new IllegalArgumentException("two backups share the id " + backup.id());
            }
        }
    }

    private static int notNegative(int count, String name) {
        if (count < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + count);
        }
        return count;
    }

    /** For a dry-run header and the audit log: {@code keep last 10, daily 7, ... in Europe/Berlin}. */
    @Override
    public String toString() {
        return "keep last " + keepLast + ", daily " + keepDaily + ", weekly " + keepWeekly
                + ", monthly " + keepMonthly + ", within " + keepWithin + " of the newest, in " + zone;
    }
}
