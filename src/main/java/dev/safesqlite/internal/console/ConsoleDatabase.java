package dev.safesqlite.internal.console;

import dev.safesqlite.AuditVerification;
import dev.safesqlite.BackupInfo;
import dev.safesqlite.SafeSqlite;
import dev.safesqlite.internal.backup.BackupDirectory;
import dev.safesqlite.internal.backup.BackupFailedException;
import dev.safesqlite.internal.engine.ProtectedDatabase;
import dev.safesqlite.internal.retention.RetentionDecision;
import dev.safesqlite.internal.retention.RetentionPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One database the console covers: the public operations ({@link SafeSqlite}, what an
 * application's own "Backup now" button calls) and the engine's view of it (for verification
 * with progress and the retention dry run, which the command line takes from the engine too).
 * The console acts only through these two, so a button does exactly what its command does.
 */
public final class ConsoleDatabase {

    private final String id;
    private final SafeSqlite api;
    private final ProtectedDatabase engine;
    /** The restore running now, if any: one at a time per database. */
    private final AtomicReference<ConsoleJob> restoring = new AtomicReference<>();
    private static final java.time.Duration CHAIN_REUSE = java.time.Duration.ofSeconds(30);
    private final AtomicReference<CheckedChain> chainChecked = new AtomicReference<>();

    /**
     * @param id the database's part of the console's URLs
     */
    public ConsoleDatabase(String id, SafeSqlite api, ProtectedDatabase engine) {
        this.id = id;
        this.api = api;
        this.engine = engine;
    }

    String id() {
        return id;
    }

    /** The file name, which an operator types to confirm a restore. */
    String name() {
        return engine.file().getFileName().toString();
    }

    Path file() {
        return engine.file();
    }

    SafeSqlite api() {
        return api;
    }

    ProtectedDatabase engine() {
        return engine;
    }

    AtomicReference<ConsoleJob> restoring() {
        return restoring;
    }

    /** The listed backup with this file name; the console never takes a path from a request. */
    Optional<BackupInfo> backupNamed(String fileName) throws IOException {
        if (fileName == null) return Optional.empty();
        return api.list().stream().filter(b -> b.file().getFileName().toString().equals(fileName)).findFirst();
    }

    /**
     * The audit log's hash chain, checked through {@link SafeSqlite#verifyAudit} as {@code
     * safesqlite audit --verify} does. The check reads every kept file (up to audit.total.cap), so
     * a page load reuses a verdict at most {@link #CHAIN_REUSE} old while the active file keeps
     * its size and time (lines are only appended there, and rolling starts a new one); an edit
     * elsewhere, e.g. in a rolled file, shows within that time.
     */
    private AuditVerification chain(Path log) throws IOException {
        String stamp = Files.size(log) + "@" + Files.getLastModifiedTime(log).toMillis();
        CheckedChain known = chainChecked.get();
        Instant now = Instant.now();
        if (known != null && known.stamp().equals(stamp) && known.at().plus(CHAIN_REUSE).isAfter(now)) {
            return known.verdict();
        }
        AuditVerification verdict = api.verifyAudit();
        chainChecked.set(new CheckedChain(stamp, now, verdict));
        return verdict;
    }

    private record CheckedChain(String stamp, Instant at, AuditVerification verdict) {
    }

    /** Everything the database's page shows, read now. */
    DatabaseView view(int auditLines) {
        Instant now = Instant.now();
        List<BackupInfo> backups;
        String backupsProblem = null;
        try {
            backups = api.list();
        } catch (IOException e) {
            backups = List.of();
            backupsProblem = e.getMessage();
        }
        RetentionPolicy policy = RetentionPolicy.from(engine.settings(), ZoneId.systemDefault());
        RetentionDecision retention = null;
        String retentionProblem = null;
        if (!backups.isEmpty()) {
            try {
                // The engine's own retention run, as 'safesqlite prune --dry-run' makes it: decides, deletes nothing.
                retention = engine.prune(BackupDirectory.open(engine.backupDir()), true);
            } catch (BackupFailedException | RuntimeException e) {
                retentionProblem = e.getMessage();
            }
        }
        Path log = engine.settings().auditFile(engine.file());
        AuditTail tail = null;
        String auditProblem = null;
        AuditVerification chain = null;
        if (Files.isRegularFile(log)) {
            try {
                tail = AuditTail.of(log, engine.file(), auditLines);
                chain = chain(log);
            } catch (IOException | RuntimeException e) {
                auditProblem = e.getMessage();
            }
        }
        return new DatabaseView(this, now, backups, backupsProblem, policy.toString(), retention, retentionProblem,
                log, tail, chain, auditProblem, restoring.get());
    }
}
