package dev.safesqlite.internal.retention;

import java.time.LocalDate;
import java.time.temporal.IsoFields;

/** The calendar periods the periodic rules count, each with the reasons it keeps a backup for. */
enum CalendarPeriod {

    DAY(KeepReason.DAILY, KeepReason.OLDEST_DAILY) {
        @Override
        long of(LocalDate date) {
            return date.toEpochDay();
        }
    },
    /**
     * ISO week, Monday to Sunday, numbered within its week-based year: 2021-01-03 is in 2020-W53
     * and 2019-12-30 in 2020-W01, so a week that straddles New Year counts once.
     */
    ISO_WEEK(KeepReason.WEEKLY, KeepReason.OLDEST_WEEKLY) {
        @Override
        long of(LocalDate date) {
            return date.get(IsoFields.WEEK_BASED_YEAR) * 100L + date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        }
    },
    MONTH(KeepReason.MONTHLY, KeepReason.OLDEST_MONTHLY) {
        @Override
        long of(LocalDate date) {
            return date.getYear() * 12L + date.getMonthValue();
        }
    };

    final KeepReason newest;
    final KeepReason oldest;

    CalendarPeriod(KeepReason newest, KeepReason oldest) {
        this.newest = newest;
        this.oldest = oldest;
    }

    /** A number that is equal for two dates exactly when they fall in the same period. */
    abstract long of(LocalDate date);
}
