package dev.safesqlite.internal.audit;

import dev.safesqlite.internal.config.Settings;

/**
 * How the audit log rolls: a new file when the current one reaches {@code maxFileSize} bytes
 * or the UTC day changes; rolled files older than {@code maxHistoryDays} days, or beyond
 * {@code totalSizeCap} bytes together (oldest first), are deleted. Zero means unbounded.
 */
public record RollingLimits(long maxFileSize, int maxHistoryDays, long totalSizeCap) {

    public RollingLimits {
        if (maxFileSize <= 0) throw new IllegalArgumentException("maxFileSize must be positive: " + maxFileSize);
        if (maxHistoryDays < 0) throw new IllegalArgumentException("maxHistoryDays must not be negative: " + maxHistoryDays);
        if (totalSizeCap < 0) throw new IllegalArgumentException("totalSizeCap must not be negative: " + totalSizeCap);
    }

    /** {@code audit.max.size}, {@code audit.max.history}, {@code audit.total.cap}. */
    public static RollingLimits of(Settings settings) {
        return new RollingLimits(settings.auditMaxSize(), settings.auditMaxHistory(), settings.auditTotalCap());
    }
}
