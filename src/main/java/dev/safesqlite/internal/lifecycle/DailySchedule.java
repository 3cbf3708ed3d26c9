package dev.safesqlite.internal.lifecycle;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;

/** When the next {@code backup.daily} run is due, in local time (DST days included). */
public final class DailySchedule {

    private DailySchedule() {
    }

    /** Time from {@code now} to the next occurrence of {@code at}. */
    public static Duration untilNext(LocalTime at, ZonedDateTime now) {
        ZonedDateTime next = now.toLocalDate().atTime(at).atZone(now.getZone());
        if (!next.isAfter(now)) {
            next = now.toLocalDate().plusDays(1).atTime(at).atZone(now.getZone());
        }
        return Duration.between(now, next);
    }
}
