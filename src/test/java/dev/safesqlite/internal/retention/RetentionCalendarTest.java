package dev.safesqlite.internal.retention;

import static dev.safesqlite.internal.retention.Backups.auto;
import static dev.safesqlite.internal.retention.Backups.deletedIds;
import static dev.safesqlite.internal.retention.Backups.keptIds;
import static dev.safesqlite.internal.retention.Backups.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Days, ISO weeks and months are counted in local time: clock changes, week 53, New Year. */
class RetentionCalendarTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static RetentionPolicy daily(int n, ZoneId zone) {
        return new RetentionPolicy(0, n, 0, 0, Duration.ZERO, zone);
    }

    private static RetentionPolicy weekly(int n, ZoneId zone) {
        return new RetentionPolicy(0, 0, n, 0, Duration.ZERO, zone);
    }

    private static RetentionPolicy monthly(int n, ZoneId zone) {
        return new RetentionPolicy(0, 0, 0, n, Duration.ZERO, zone);
    }

    private static Instant at(String offsetDateTime) {
        return OffsetDateTime.parse(offsetDateTime).toInstant();
    }

    /** One automatic backup at noon, local time, on each of the dates from first to last. */
    private static List<BackupCandidate> noonEachDay(String first, String last, ZoneId zone) {
        return LocalDate.parse(first).datesUntil(LocalDate.parse(last).plusDays(1))
                .map(d -> auto(d.toString(), local(d + "T12:00", zone)))
                .toList();
    }

    static Stream<Arguments> clockChanges() {
        return Stream.of(
                arguments(BERLIN, "2026-03-29", 46),
                arguments(BERLIN, "2026-10-25", 50),
                arguments(NEW_YORK, "2026-03-08", 46),
                arguments(NEW_YORK, "2026-11-01", 50));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("clockChanges")
    void aDayWithAClockChangeIsStillOneDay(ZoneId zone, String changeDay, int halfHoursThatDay) {
        LocalDate change = LocalDate.parse(changeDay);
        LocalDate first = change.minusDays(3);
        LocalDate last = change.plusDays(3);
        Instant end = last.plusDays(1).atStartOfDay(zone).toInstant();
        List<BackupCandidate> backups = new ArrayList<>();
        for (Instant t = first.atStartOfDay(zone).toInstant(); t.isBefore(end); t = t.plus(Duration.ofMinutes(30))) {
            backups.add(auto(t));
        }
        long thatDay = backups.stream().filter(b -> LocalDate.ofInstant(b.created(), zone).equals(change)).count();
        assertEquals(halfHoursThatDay, thatDay, "the test data: a 23- or 25-hour day");

        for (int days : new int[] {7, 4}) {
            RetentionDecision decision = daily(days, zone).decide(backups, end);

            // The newest backup of each local day is the one at 23:30 local time.
            List<String> expected = Stream.iterate(last, d -> d.minusDays(1)).limit(days)
                    .map(d -> local(d + "T23:30", zone).toString())
                    .toList();
            assertEquals(expected, keptIds(decision), days + " days");
            assertEquals(backups.size() - days, decision.deleted().size());
        }
    }

    @Test
    void theRepeatedHourOfAFallBackBelongsToItsOneDay() {
        BackupCandidate firstPass = auto(at("2026-10-25T02:30+02:00"));
        BackupCandidate secondPass = auto(at("2026-10-25T02:30+01:00"));
        BackupCandidate dayBefore = auto(at("2026-10-24T12:00+02:00"));

        RetentionDecision decision = daily(2, BERLIN).decide(List.of(dayBefore, firstPass, secondPass), at("2026-10-26T00:00Z"));

        assertEquals(List.of(secondPass.id(), dayBefore.id()), keptIds(decision));
        assertEquals(List.of(firstPass.id()), deletedIds(decision));
    }

    @Test
    void theSkippedHourOfASpringForwardLosesNoDay() {
        BackupCandidate beforeJump = auto(at("2026-03-08T01:59-05:00"));
        BackupCandidate afterJump = auto(at("2026-03-08T03:00-04:00"));
        BackupCandidate dayBefore = auto(at("2026-03-07T22:00-05:00"));

        RetentionDecision decision = daily(2, NEW_YORK).decide(List.of(beforeJump, afterJump, dayBefore), at("2026-03-09T00:00Z"));

        assertEquals(List.of(afterJump.id(), dayBefore.id()), keptIds(decision));
    }

    @Test
    void aClockThatFallsBackAcrossMidnightDoesNotCountADayTwice() {
        // St. John's fell back at 00:01 NDT on 2010-11-07 to 23:01 NST on the 6th: the local date of
        // successive backups goes 5, 6, 7, 6, 7. Three days, so three backups, one of them the 5th.
        ZoneId stJohns = ZoneId.of("America/St_Johns");
        BackupCandidate fifth = auto(at("2010-11-05T12:00-02:30"));
        BackupCandidate sixthFirst = auto(at("2010-11-06T23:30-02:30"));
        BackupCandidate seventhFirst = auto(at("2010-11-07T00:00:30-02:30"));
        BackupCandidate sixthAgain = auto(at("2010-11-06T23:30-03:30"));
        BackupCandidate seventhAgain = auto(at("2010-11-07T00:30-03:30"));
        assertEquals(LocalDate.parse("2010-11-06"), LocalDate.ofInstant(sixthAgain.created(), stJohns), "the test data");

        RetentionDecision decision = daily(3, stJohns).decide(
                List.of(fifth, sixthFirst, seventhFirst, sixthAgain, seventhAgain), at("2010-11-08T00:00Z"));

        assertEquals(List.of(seventhAgain.id(), sixthAgain.id(), fifth.id()), keptIds(decision));
    }

    @Test
    void withinIsElapsedTimeEvenAcrossAShortDay() {
        // Berlin's 2026-03-29 has 23 hours; a day of "within" is still 24 hours.
        Instant newest = at("2026-03-29T12:00+02:00");
        BackupCandidate elapsed23h = auto(at("2026-03-28T12:00+01:00"));
        BackupCandidate elapsed24h30m = auto(at("2026-03-28T10:30+01:00"));
        RetentionPolicy withinADay = new RetentionPolicy(0, 0, 0, 0, Duration.ofDays(1), BERLIN);

        RetentionDecision decision = withinADay.decide(List.of(auto(newest), elapsed23h, elapsed24h30m), newest);

        assertEquals(List.of(newest.toString(), elapsed23h.id()), keptIds(decision));
    }

    @Test
    void isoWeek53Of2026RunsIntoJanuary2027() {
        assertEquals(53, LocalDate.parse("2026-12-31").get(IsoFields.WEEK_OF_WEEK_BASED_YEAR),
                "the test data: 2026 has an ISO week 53");
        // 2026-W52 is Dec 21-27, 2026-W53 Dec 28 - Jan 3, 2027-W01 Jan 4-10.
        List<BackupCandidate> backups = noonEachDay("2026-12-21", "2027-01-10", BERLIN);
        Instant now = local("2027-01-11T00:00", BERLIN);

        assertEquals(List.of("2027-01-10", "2027-01-03", "2026-12-27"), keptIds(weekly(3, BERLIN).decide(backups, now)));
        assertEquals(List.of("2027-01-10", "2027-01-03"), keptIds(weekly(2, BERLIN).decide(backups, now)));
    }

    @Test
    void isoWeek53Of2020AndWeek1Of2020StartingInDecember2019() {
        // 2019-12-30 (Mon) is in 2020-W01; 2021-01-03 (Sun) ends 2020-W53.
        List<BackupCandidate> backups = new ArrayList<>(noonEachDay("2019-12-27", "2020-01-06", BERLIN));
        backups.addAll(noonEachDay("2020-12-26", "2021-01-05", BERLIN));
        Instant now = local("2021-01-06T00:00", BERLIN);

        assertEquals(List.of("2021-01-05", "2021-01-03", "2020-12-27", "2020-01-06", "2020-01-05", "2019-12-29"),
                keptIds(weekly(6, BERLIN).decide(backups, now)));
    }

    @Test
    void aBackupJustAfterLocalMidnightOnNewYearBelongsToTheNewMonth() {
        BackupCandidate december = auto(at("2025-12-15T12:00+01:00"));
        BackupCandidate lastOfDecember = auto(at("2025-12-31T20:00+01:00"));
        // 2025-12-31T23:30Z: still December in UTC, already January in Berlin.
        BackupCandidate newYear = auto(at("2026-01-01T00:30+01:00"));
        List<BackupCandidate> backups = List.of(december, lastOfDecember, newYear);
        Instant now = at("2026-01-02T00:00Z");

        RetentionDecision inBerlin = monthly(2, BERLIN).decide(backups, now);

        assertEquals(List.of(newYear.id(), lastOfDecember.id()), keptIds(inBerlin));
        assertNotEquals(keptIds(inBerlin), keptIds(monthly(2, ZoneOffset.UTC).decide(backups, now)),
                "the zone must matter");
    }

    @Test
    void monthsAreCalendarMonthsWhateverTheirLength() {
        // Backups on the 28th to the 1st around February; four months have backups.
        List<BackupCandidate> backups = new ArrayList<>();
        for (String day : List.of("2026-01-31", "2026-02-01", "2026-02-28", "2026-03-01", "2026-03-31", "2026-04-01")) {
            backups.add(auto(day, local(day + "T09:00", NEW_YORK)));
        }
        backups.sort(Comparator.comparing(BackupCandidate::id).reversed());

        assertEquals(List.of("2026-04-01", "2026-03-31", "2026-02-28"),
                keptIds(monthly(3, NEW_YORK).decide(backups, local("2026-04-02T00:00", NEW_YORK))));
    }
}
