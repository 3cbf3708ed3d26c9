package dev.safesqlite;

import java.time.Instant;

/**
 * The backups of one database at a glance.
 *
 * @param count      how many backups
 * @param totalBytes their stored size
 * @param oldest     the oldest backup's time, or null
 * @param newest     the newest backup's time, or null
 * @param lastVerify the verification result recorded for the newest backup, or null
 */
public record BackupStats(int count, long totalBytes, Instant oldest, Instant newest, String lastVerify) {
}
