package dev.safesqlite;

import java.time.Instant;

/**
 * The backups of one database at a glance.
 *
 * @param count          how many backups
 * @param totalBytes     their stored size
 * @param oldest         the oldest backup's time, or null
 * @param newest         the newest backup's time, or null
 * @param lastVerify     the verification result recorded for the newest backup, or null
 * @param pendingUploads backups times replicas not yet confirmed on their replica (SPEC section 10); 0 without replicas
 * @param replicaLagMillis how far the replicas are behind: the age of the oldest backup not yet on every replica, 0 when none is
 */
public record BackupStats(int count, long totalBytes, Instant oldest, Instant newest, String lastVerify,
                          int pendingUploads, long replicaLagMillis) {

    /** Without replicas. */
    public BackupStats(int count, long totalBytes, Instant oldest, Instant newest, String lastVerify) {
        this(count, totalBytes, oldest, newest, lastVerify, 0, 0);
    }
}
