package dev.safesqlite.internal.retention;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;

/**
 * One of {@code retain.daily}, {@code retain.weekly}, {@code retain.monthly} during one run:
 * offered the backups newest first, it keeps the first one of each period it meets, until it has
 * kept as many periods as it was asked for. Single use.
 */
final class PeriodRule {

    private final CalendarPeriod period;
    private int periodsLeft;
    // restic compares with the period of the previous kept snapshot. Where clocks fall back across
    // midnight (America/St_Johns until 2010) the local date of successive backups goes back and
    // forth, and that comparison counts one day twice; remembering every period seen does not.
    private final Set<Long> periodsSeen = new HashSet<>();

    PeriodRule(CalendarPeriod period, int periods) {
        this.period = period;
        this.periodsLeft = periods;
    }

    /**
     * The reason this rule keeps the backup taken on local {@code date}, or null.
     *
     * @param oldest true for the last (oldest) backup offered: like restic, a rule that still has
     *               periods left keeps it, so a history shorter than the rule is kept whole-length
     */
    KeepReason offer(LocalDate date, boolean oldest) {
        if (periodsLeft == 0) {
            return null;
        }
        if (periodsSeen.add(period.of(date))) {
            periodsLeft--;
            return period.newest;
        }
        return oldest ? period.oldest : null;
    }
}
