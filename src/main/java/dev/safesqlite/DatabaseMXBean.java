package dev.safesqlite;

/**
 * JMX view of one protected database, registered as
 * {@code dev.safesqlite:type=Database,name=<db>} (JConsole, VisualVM). It also emits
 * notifications of type {@code backup.failed} and {@code verify.failed}.
 */
public interface DatabaseMXBean {

    String getDatabase();

    String getBackupDirectory();

    int getBackupCount();

    long getTotalBackupBytes();

    /** ISO-8601, or null when there is no backup. */
    String getOldestBackup();

    String getNewestBackup();

    /** The last backup this JVM took: its file, or null. */
    String getLastBackupFile();

    long getLastBackupDurationMillis();

    /** The result of the last verification this JVM ran ({@code ok} or what was wrong), or null. */
    String getLastVerification();

    /**
     * How far the replicas of {@code replica.url} are behind, in milliseconds: the age of the
     * oldest backup not yet confirmed on every replica; 0 when all are there (or none is set).
     */
    long getReplicaLag();

    /** Backups times replicas not yet confirmed on their replica; they are retried in the background. */
    int getPendingUploads();

    /** Takes a manual backup now; returns its file. */
    String backupNow() throws Exception;

    /** Verifies every backup (checksum and quick_check); returns a one-line summary. */
    String verify() throws Exception;

    /** Applies retention now; returns how many backups were deleted. */
    int prune() throws Exception;
}
