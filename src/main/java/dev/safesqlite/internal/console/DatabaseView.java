package dev.safesqlite.internal.console;

import dev.safesqlite.AuditVerification;
import dev.safesqlite.BackupInfo;
import dev.safesqlite.internal.retention.KeepReason;
import dev.safesqlite.internal.retention.KeptBackup;
import dev.safesqlite.internal.retention.RetentionDecision;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What one database's page shows, read at one moment. A part that could not be read carries
 * its problem instead, and the rest of the page still shows.
 *
 * @param backups    newest first
 * @param retention  the retention dry run, or null when there are no backups or it failed
 * @param auditTail  null when there is no audit log or it could not be read
 * @param chain      the audit log's hash chain, null as {@code auditTail}
 * @param restoring  the restore running now, or null
 */
record DatabaseView(ConsoleDatabase database, Instant now, List<BackupInfo> backups, String backupsProblem,
                    String policy, RetentionDecision retention, String retentionProblem, Path auditLog,
                    AuditTail auditTail, AuditVerification chain, String auditProblem, ConsoleJob restoring) {

    BackupInfo newest() {
        return backups.isEmpty() ? null : backups.get(0);
    }

    /** How old the newest backup is, or null without backups. */
    Duration newestAge() {
        BackupInfo b = newest();
        return b == null ? null : Duration.between(b.created(), now).isNegative() ? Duration.ZERO
                : Duration.between(b.created(), now);
    }

    long totalBytes() {
        return backups.stream().mapToLong(BackupInfo::bytes).sum();
    }

    /** Whether the next prune deletes this backup. */
    boolean deletedNext(BackupInfo b) {
        if (retention == null) return false;
        String id = b.file().getFileName().toString();
        return retention.deleted().stream().anyMatch(c -> c.id().equals(id));
    }

    /** The rules that keep this backup, or an empty set when the next prune deletes it (or there is no decision). */
    Set<KeepReason> keptBy(BackupInfo b) {
        if (retention == null) return Set.of();
        String id = b.file().getFileName().toString();
        return retention.kept().stream().filter(k -> k.backup().id().equals(id)).findFirst()
                .map(KeptBackup::reasons).orElse(Set.of());
    }

    List<BackupInfo> toDelete() {
        return backups.stream().filter(this::deletedNext).toList();
    }
}
