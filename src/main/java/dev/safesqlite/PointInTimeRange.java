package dev.safesqlite;

import java.time.Instant;

/**
 * What continuous protection (SPEC 11) can restore now: every transaction from {@code first} to
 * {@code last} ({@code tx<N>} positions), committed from {@code firstTime} to {@code lastTime}.
 */
public record PointInTimeRange(String first, Instant firstTime, String last, Instant lastTime) {
}
