package dev.safesqlite.internal.engine;

import dev.safesqlite.internal.audit.Audit;
import dev.safesqlite.internal.audit.AuditEvent;
import dev.safesqlite.internal.audit.AuditLogs;
import dev.safesqlite.internal.audit.ListenerSink;
import dev.safesqlite.internal.audit.Slf4jAuditSink;
import dev.safesqlite.internal.backup.BackupDirectory;
import dev.safesqlite.internal.backup.BackupFailedException;
import dev.safesqlite.internal.backup.BackupName;
import dev.safesqlite.internal.backup.BackupOwnership;
import dev.safesqlite.internal.backup.Compression;
import dev.safesqlite.internal.backup.Manifest;
import dev.safesqlite.internal.backup.SnapshotWriter;
import dev.safesqlite.internal.backup.StoredBackup;
import dev.safesqlite.internal.backup.UnclearOwnerException;
import dev.safesqlite.internal.config.Settings;
import dev.safesqlite.internal.lifecycle.BackgroundWork;
import dev.safesqlite.internal.lifecycle.DailySchedule;
import dev.safesqlite.internal.lifecycle.StartupHealthCheck;
import dev.safesqlite.internal.lifecycle.WalCheckpoint;
import dev.safesqlite.internal.replica.Replication;
import dev.safesqlite.internal.retention.BackupCandidate;
import dev.safesqlite.internal.retention.RetentionDecision;
import dev.safesqlite.internal.retention.RetentionPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One protected database file as this JVM sees it: where its backups go, how they are taken
 * and pruned, its background work, and where its events are reported. Shared by every
 * connection to the same file with the same backup directory; the first connection's
 * settings decide what belongs to the database ({@link DatabaseSettings}), and a later
 * connection that asks for other values is told so.
 */
public final class ProtectedDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(ProtectedDatabase.class);
    private static final ConcurrentHashMap<String, ProtectedDatabase> OPEN = new ConcurrentHashMap<>();
    /**
     * OPEN's instances again, by the path SQLite reported for a connection and {@code backup.dir}
     * as set: a later connection finds its database without building and normalising paths
     * (issue 17). Both maps only grow, so an instance found here is the one OPEN holds.
     */
    private static final ConcurrentHashMap<String, ProtectedDatabase> BY_REPORTED_PATH = new ConcurrentHashMap<>();
    private static final Audit NO_DATABASE_AUDIT = new Audit(new Slf4jAuditSink());
    private static final Set<String> REPORTED_ONCE = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final Path backupDir;
    private final Settings settings;
    private final Audit audit;
    private final Replication replication;
    /** The path the operator says the database had when its backups were taken (--original); null when not said. */
    private final Path original;
    /** SPEC 11, {@code continuous=on}: started with the background work; null when off or detached. */
    private volatile dev.safesqlite.internal.continuous.ContinuousProtection continuous;
    private volatile StoredBackup lastBackup;
    private volatile long lastBackupMs;
    /** What each verified target (the database, a backup file) was last found wrong with; cleared by its next ok. */
    private final Map<String, String> failedVerifications = new ConcurrentHashMap<>();
    private volatile boolean verified;
    private final java.time.Instant protectedSince = java.time.Instant.now();

    private ProtectedDatabase(Path file, Settings settings) {
        this.file = file;
        this.settings = settings;
        this.backupDir = settings.backupDir(file);
        this.audit = new Audit(new Slf4jAuditSink(), AuditLogs.open(settings, file));
        // Every verdict on the database or a backup, whoever ran it (startup check, verify, JMX).
        // A damaged backup stays reported until that same backup checks ok (or is gone), so the
        // good backups verified after it in the same run do not hide it.
        audit.addSink(e -> {
            boolean ok = e.event().equals("verify.ok");
            if (!ok && !e.event().equals("verify.failed")) return;
            Object backup = e.fields().get("backup");
            String target = backup == null || "database".equals(e.fields().get("target")) ? "database " + e.db()
                    : "backup " + backup;
            if (ok) failedVerifications.remove(target);
            else failedVerifications.put(target, String.valueOf(e.fields().get("error")));
            verified = true;
        });
        ListenerSink listeners = ListenerSink.load();
        if (!listeners.isEmpty()) audit.addSink(listeners);
        this.original = null;
        this.replication = new Replication(this);
    }

    private ProtectedDatabase(ProtectedDatabase of, Path original) {
        this.file = of.file;
        this.settings = of.settings;
        this.backupDir = of.backupDir;
        this.audit = of.audit;
        this.original = original == null ? null : original.toAbsolutePath().normalize();
        this.replication = of.replication;
    }

    /**
     * The same database, for an operator who says which path it had when its backups were taken:
     * needed only when backups of two databases of one file name share the backup directory and
     * neither path is this one's (SPEC section 5). For operations from outside the application.
     */
    public ProtectedDatabase withOriginal(Path original) {
        return original == null && this.original == null ? this : new ProtectedDatabase(this, original);
    }

    /** The shared instance for this file and these settings' backup directory; the first one starts its background work. */
    public static ProtectedDatabase of(Path file, Settings settings) {
        Path abs = file.toAbsolutePath().normalize();
        String key = abs + "\n" + settings.backupDir(abs);
        ProtectedDatabase existing = OPEN.get(key);
        if (existing == null) {
            ProtectedDatabase created = new ProtectedDatabase(abs, settings);
            existing = OPEN.putIfAbsent(key, created);
            if (existing == null) {
                DatabaseMBean.registerSoon(created);
                created.startBackgroundWork();
                return created;
            }
        }
        DatabaseSettings.warnIfIgnored(existing, settings);
        return existing;
    }

    /**
     * {@link #of(Path, Settings)} for a connection's main database, as SQLite reports its file
     * ({@code PRAGMA database_list}: an absolute path).
     */
    static ProtectedDatabase ofConnection(String reportedFile, Settings settings) {
        // backup.dir as set (null: beside the database); a relative one is read from the working
        // directory, which a JVM cannot change, so the key names one backup directory
        String key = reportedFile + "\n" + settings.value(dev.safesqlite.internal.config.Setting.BACKUP_DIR);
        ProtectedDatabase known = BY_REPORTED_PATH.get(key);
        if (known != null) {
            DatabaseSettings.warnIfIgnored(known, settings);
            return known;
        }
        ProtectedDatabase db = of(Path.of(reportedFile), settings);
        BY_REPORTED_PATH.putIfAbsent(key, db);
        return db;
    }

    /**
     * For operations from outside the application (the command line, {@code SafeSqlite}): the
     * instance this JVM already protects, or one that starts no background work and
     * registers nothing.
     */
    public static ProtectedDatabase detached(Path file, Settings settings) {
        Path abs = file.toAbsolutePath().normalize();
        ProtectedDatabase existing = OPEN.get(abs + "\n" + settings.backupDir(abs));
        return existing != null ? existing : new ProtectedDatabase(abs, settings);
    }

    /** Every database this JVM protects (for the shutdown backup and JMX). */
    public static List<ProtectedDatabase> all() {
        return List.copyOf(OPEN.values());
    }

    public Path file() {
        return file;
    }

    public Path backupDir() {
        return backupDir;
    }

    public Audit audit() {
        return audit;
    }

    public Settings settings() {
        return settings;
    }

    /** The replicas of {@code replica.url} (SPEC section 10); disabled when none are set. */
    public Replication replication() {
        return replication;
    }

    public void record(AuditEvent event) {
        audit.record(event);
    }

    /** The newest backup this JVM took of this database, and how long it took; null before the first. */
    public StoredBackup lastBackup() {
        return lastBackup;
    }

    public long lastBackupMs() {
        return lastBackupMs;
    }

    /**
     * The verifications this JVM ran on the database and its backups: null before the first,
     * {@code ok}, or what is wrong with each target whose last check failed
     * ({@code backup /b/x.db: checksum mismatch ...}); backups deleted since are left out.
     */
    public String lastVerification() {
        if (!verified) return null;
        failedVerifications.keySet().removeIf(t -> t.startsWith("backup ") && !Files.exists(Path.of(t.substring(7))));
        if (failedVerifications.isEmpty()) return "ok";
        StringBuilder sb = new StringBuilder();
        new java.util.TreeMap<>(failedVerifications).forEach((t, problem) -> {
            if (sb.length() > 0) sb.append("; ");
            sb.append(t).append(": ").append(problem);
        });
        return sb.toString();
    }

    /** When this JVM began to protect the database (or to operate on it, when detached). */
    public java.time.Instant protectedSince() {
        return protectedSince;
    }

    /** Reports an event at most once per JVM for this key (e.g. WAL unavailable on every pooled connection). */
    static void recordOnce(String key, AuditEvent event, Audit to) {
        if (REPORTED_ONCE.add(key)) to.record(event);
    }

    /** True the first time this JVM asks with {@code key}: for warnings given once per database. */
    static boolean firstTime(String key) {
        return REPORTED_ONCE.add(key);
    }

    static Audit auditWithoutDatabase() {
        return NO_DATABASE_AUDIT;
    }

    /**
     * Takes a verified backup now, reports it and applies retention; the caller decides what a
     * failure means.
     *
     * @param settings the settings of the connection asking (verify, compression)
     */
    public StoredBackup backup(String reason, Manifest.Trigger trigger, Settings settings, boolean pinned)
            throws BackupFailedException {
        return backup(reason, trigger, settings, pinned, null, false);
    }

    /**
     * What protects a destructive statement about to run (SPEC 4, 11): with continuous protection
     * keeping changes in this JVM, a restore point at the last committed transaction, whose cost
     * does not grow with the database; otherwise (or when the point cannot be written) a full,
     * verified backup. Returns the file that stands for it (point or backup).
     */
    public Path protectBefore(String reason, Manifest.Trigger trigger, Settings settings) throws BackupFailedException {
        var c = continuous;
        if (c != null && c.ready()) {
            long start = System.nanoTime();
            try {
                var stored = c.restorePoint(reason, trigger.sql(), trigger.connection(), trigger.thread());
                record(AuditEvent.of("point.created", file.toString())
                        .with("reason", reason)
                        .with("sql", trigger.sql())
                        .with("point", stored.file().toString())
                        .with("position", dev.safesqlite.internal.continuous.RestorePoint.position(stored.point().txid()))
                        .with("ms", (System.nanoTime() - start) / 1_000_000)
                        .with("thread", Thread.currentThread().getName())
                        .build());
                return stored.file();
            } catch (IOException | RuntimeException e) {
                // Any failure of the point (not only I/O) must still leave the statement protected.
                LOG.warn("SafeSQLite: no restore point could be recorded for {} ({}); taking a full backup instead",
                        file, e.getMessage());
            }
        }
        return backup(reason, trigger, settings, false).file();
    }

    /**
     * The {@code pre-restore} backup of a restore that puts {@code restoring} (a backup's file
     * name) back; its manifest records that name, so a later {@code restore --undo} knows the state.
     */
    public StoredBackup backupBeforeRestore(String restoring) throws BackupFailedException {
        return backup("pre-restore", null, settings, false, restoring, false);
    }

    /**
     * @param restores   for a pre-restore backup, the file name of the backup being restored, else null
     * @param background nobody asked for it now: a database deleted meanwhile is not audited as a failure
     */
    private StoredBackup backup(String reason, Manifest.Trigger trigger, Settings settings, boolean pinned,
                                String restores, boolean background) throws BackupFailedException {
        long start = System.nanoTime();
        try {
            BackupDirectory dir = BackupDirectory.open(backupDir);
            StoredBackup b = SnapshotWriter.write(dir, new SnapshotWriter.Request(file, reason, trigger,
                    settings.backupVerify(), Compression.of(settings.backupCompress()), pinned, restores));
            long ms = (System.nanoTime() - start) / 1_000_000;
            lastBackup = b;
            lastBackupMs = ms;
            record(AuditEvent.of("backup.created", file.toString())
                    .with("reason", reason)
                    .with("sql", trigger == null ? null : trigger.sql())
                    .with("backup", b.file().toString())
                    .with("bytes", b.manifest().bytes())
                    .with("ms", ms)
                    .with("sha256", b.manifest().sha256())
                    .with("verify", b.manifest().verify())
                    .with("thread", Thread.currentThread().getName())
                    .build());
            pruneAfterBackup(dir);
            replication.sendSoon(); // in the background: a statement never waits for a replica
            return b;
        } catch (BackupFailedException e) {
            if (background && !Files.exists(file)) throw e; // deleted by the application: nothing failed
            record(AuditEvent.of("backup.failed", file.toString())
                    .with("reason", reason)
                    .with("sql", trigger == null ? null : trigger.sql())
                    .with("error", e.getMessage())
                    .with("ms", (System.nanoTime() - start) / 1_000_000)
                    .with("thread", Thread.currentThread().getName())
                    .build());
            throw e;
        }
    }

    /**
     * Retention after a new backup: the backup is made and verified whatever happens here, so a
     * failure to delete old ones is reported but never fails (or blocks) what the backup was for.
     */
    /**
     * Retention once a replica confirmed backups: what local retention kept only because a replica
     * still owed it may go now (the replica's own retention runs after this, with the same policy).
     */
    public void pruneAfterReplication() {
        try {
            pruneAfterBackup(BackupDirectory.open(backupDir));
        } catch (BackupFailedException e) {
            LOG.error("SafeSQLite: retention in {} failed: {}", backupDir, e.getMessage());
        }
    }

    private void pruneAfterBackup(BackupDirectory dir) {
        try {
            prune(dir, false);
        } catch (BackupFailedException | RuntimeException e) {
            LOG.error("SafeSQLite: retention in {} failed: {}", backupDir, e.getMessage());
            record(AuditEvent.of("retention.failed", file.toString()).with("error", e.getMessage()).build());
        }
    }

    /**
     * Applies the retention policy of SPEC section 5 under the directory lock: {@code manual}
     * and pinned backups are never deleted nor counted; each deletion is audited.
     *
     * @param dryRun decide and report, delete nothing
     */
    public RetentionDecision prune(BackupDirectory dir, boolean dryRun) throws BackupFailedException {
        RetentionPolicy policy = RetentionPolicy.from(settings, ZoneId.systemDefault());
        return dir.exclusively(() -> {
            // Only backups surely this database's (or, with --original, the operator's choice): never another's.
            List<StoredBackup> backups = dir.owned(file, original).backups();
            // The snapshots any point of the last continuous.retain is rebuilt from (SPEC 11).
            Set<String> pointInTimeBases = dev.safesqlite.internal.continuous.ContinuousRetention.keptSnapshots(
                    backupDir, file, settings.continuousRetain(), Instant.now());
            Map<String, StoredBackup> byId = new HashMap<>();
            List<BackupCandidate> candidates = new ArrayList<>();
            for (StoredBackup b : backups) {
                String id = b.file().getFileName().toString();
                byId.put(id, b);
                // a backup a replica still owes is kept until it is sent: it may be the only copy there will be
                boolean alwaysKept = "manual".equals(b.manifest().reason()) || b.manifest().pinned()
                        || replication.pendingAnywhere(b) || pointInTimeBases.contains(id);
                candidates.add(new BackupCandidate(id, b.name().created(), alwaysKept));
            }
            RetentionDecision decision = policy.decide(candidates, Instant.now());
            if (!dryRun) {
                for (BackupCandidate gone : decision.deleted()) {
                    StoredBackup b = byId.get(gone.id());
                    dir.delete(b);
                    record(AuditEvent.of("retention.deleted", file.toString())
                            .with("backup", b.file().toString())
                            .with("reason", b.manifest().reason())
                            .with("bytes", b.manifest().bytes())
                            .build());
                }
            }
            return decision;
        });
    }

    /**
     * Backups of this database in its backup directory, newest first, by the ownership rule of
     * SPEC section 5 ({@link BackupOwnership}).
     *
     * @throws UnclearOwnerException when backups of several same-named databases are there and
     *         nothing says which is this one's (pass {@link #withOriginal})
     */
    public List<StoredBackup> backups() throws IOException {
        return owned().requireClear();
    }

    /** What the ownership rule decided, with the other databases it set aside (for an operator's note). */
    public BackupOwnership.Owned owned() throws IOException {
        if (!Files.isDirectory(backupDir)) {
            if (original != null) {
                throw new UnclearOwnerException("there is no backup directory " + backupDir + " to look for backups of "
                        + original + " in; pass --backup-dir if they are elsewhere");
            }
            return new BackupOwnership.Owned(backupDir, file, List.of(), List.of(), List.of());
        }
        try {
            return BackupDirectory.open(backupDir).owned(file, original);
        } catch (BackupFailedException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private void startBackgroundWork() {
        startContinuous();
        BackgroundWork.submit("startup work of " + file, this::startupWork);
        replication.sendSoon(); // what an earlier run left pending (a crash, an outage)
        scheduleDaily();
        // With continuous protection on, its capture owns checkpointing (PASSIVE, behind the kept frames).
        if (continuous == null) scheduleCheckpoint(settings.checkpointInterval().toMillis());
        if (settings.backupOnShutdown()) ShutdownBackups.register(this);
    }

    private void startContinuous() {
        if (!settings.continuous()) return;
        if (!settings.wal()) {
            LOG.warn("SafeSQLite: safesqlite.continuous=on for {} needs WAL, but safesqlite.wal=false: continuous "
                    + "protection is off; set safesqlite.wal=true", file);
            return;
        }
        continuous = newContinuous();
        continuous.start();
    }

    private dev.safesqlite.internal.continuous.ContinuousProtection newContinuous() {
        var c = new dev.safesqlite.internal.continuous.ContinuousProtection(file, backupDir, settings, audit);
        c.onKept(replication::sendSoon); // every kept change reaches the replicas within continuous.lag
        c.onSnapshot(this::pruneAfterReplication); // snapshots are backups: retain.* applies to them too
        c.retainWhileOwed(replication::pendingAnywhere); // a file a replica still owes stays until it is sent
        return c;
    }

    /**
     * A restore from inside the application's JVM (SafeSqlite, the console): continuous protection
     * holds the WAL open on connections of its own, which a restore must have closed. It keeps what
     * is committed and lets go until the returned handle is closed; then a new keeper takes over,
     * and its start finds the restored database different from the last kept state and keeps the
     * difference as one change (so even the restore can be taken back). Nothing to do when off.
     */
    public synchronized AutoCloseable suspendContinuous() {
        var running = continuous;
        if (running == null || running.stopped()) return () -> { }; // nothing keeps the WAL in this JVM: nothing to hand back
        running.stop();
        continuous = null;
        return () -> {
            synchronized (this) {
                if (continuous != null) return;
                continuous = newContinuous();
                continuous.start();
            }
        };
    }

    /** Continuous protection of SPEC 11 in this JVM, or null when it is off (or this instance is detached). */
    public dev.safesqlite.internal.continuous.ContinuousProtection continuous() {
        return continuous;
    }

    /**
     * Health check, then (once per JVM, for a database that exists, was found sound and has a
     * schema) the startup backup; neither starts once the JVM is exiting (see BackgroundWork).
     */
    private void startupWork() {
        if (!Files.exists(file)) return;
        List<StoredBackup> known;
        try {
            // Surely its own, only to name one to restore from; opening no directory that is not there.
            known = Files.isDirectory(backupDir) ? BackupDirectory.open(backupDir).list(file) : List.of();
        } catch (IOException | BackupFailedException e) {
            known = List.of();
        }
        StartupHealthCheck.Outcome health = StartupHealthCheck.run(file, known, audit);
        if (health == StartupHealthCheck.Outcome.SOUND && !BackgroundWork.exiting() && settings.backupOnStartup()
                && continuous == null && SchemaCheck.hasSchema(file)) {
            backgroundBackup("startup");
        }
    }

    private void scheduleDaily() {
        if (settings.backupDaily() == null) return;
        long delay = DailySchedule.untilNext(settings.backupDaily(), ZonedDateTime.now()).toMillis();
        BackgroundWork.schedule("daily backup of " + file, () -> {
            try {
                backgroundBackup("daily");
            } finally {
                scheduleDaily();
            }
        }, delay);
    }

    private void scheduleCheckpoint(long intervalMs) {
        if (intervalMs <= 0) return;
        BackgroundWork.schedule("checkpoint of " + file, () -> {
            try {
                WalCheckpoint.run(file, audit);
            } catch (java.sql.SQLException e) {
                LOG.warn("SafeSQLite: checkpoint of {} failed: {}", file, e.getMessage());
            } finally {
                scheduleCheckpoint(intervalMs);
            }
        }, intervalMs);
    }

    /**
     * A backup nobody waits for (startup, daily, shutdown): a failure is already audited as
     * backup.failed. A database the application deleted is no failure: there is nothing left to
     * protect, so the backup is skipped with an INFO line and no event.
     */
    void backgroundBackup(String reason) {
        if (!Files.exists(file)) {
            LOG.info("SafeSQLite: no {} backup of {}: the database no longer exists", reason, file);
            return;
        }
        try {
            backup(reason, null, settings, false, null, true);
        } catch (BackupFailedException e) {
            if (!Files.exists(file)) {
                LOG.info("SafeSQLite: no {} backup of {}: the database was deleted while it was copied", reason, file);
            } else {
                LOG.error("SafeSQLite: {} backup of {} failed: {}", reason, file, e.getMessage());
            }
        }
    }
}
