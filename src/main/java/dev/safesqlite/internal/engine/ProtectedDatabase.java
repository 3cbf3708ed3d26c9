package dev.safesqlite.internal.engine;

import dev.safesqlite.internal.audit.Audit;
import dev.safesqlite.internal.audit.AuditEvent;
import dev.safesqlite.internal.audit.Slf4jAuditSink;
import dev.safesqlite.internal.backup.BackupDirectory;
import dev.safesqlite.internal.backup.BackupFailedException;
import dev.safesqlite.internal.backup.Compression;
import dev.safesqlite.internal.backup.Manifest;
import dev.safesqlite.internal.backup.SnapshotWriter;
import dev.safesqlite.internal.backup.StoredBackup;
import dev.safesqlite.internal.config.Settings;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One protected database file as this JVM sees it: where its backups go, how they are taken,
 * and where its events are reported. Shared by every connection to the same file with the
 * same backup directory.
 */
public final class ProtectedDatabase {

    private static final ConcurrentHashMap<String, ProtectedDatabase> OPEN = new ConcurrentHashMap<>();
    private static final Audit NO_DATABASE_AUDIT = new Audit(new Slf4jAuditSink());
    private static final Set<String> REPORTED_ONCE = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final Path backupDir;
    private final Settings settings;
    private final Audit audit;

    private ProtectedDatabase(Path file, Settings settings) {
        this.file = file;
        this.settings = settings;
        this.backupDir = settings.backupDir(file);
        this.audit = new Audit(new Slf4jAuditSink());
    }

    /** The shared instance for this file and these settings' backup directory. */
    public static ProtectedDatabase of(Path file, Settings settings) {
        Path abs = file.toAbsolutePath().normalize();
        String key = abs + "\n" + settings.backupDir(abs);
        return OPEN.computeIfAbsent(key, k -> new ProtectedDatabase(abs, settings));
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

    public void record(AuditEvent event) {
        audit.record(event);
    }

    /** Reports an event at most once per JVM for this key (e.g. WAL unavailable on every pooled connection). */
    static void recordOnce(String key, AuditEvent event, Audit to) {
        if (REPORTED_ONCE.add(key)) to.record(event);
    }

    static Audit auditWithoutDatabase() {
        return NO_DATABASE_AUDIT;
    }

    /**
     * Takes a verified backup now and reports it; the caller decides what a failure means.
     *
     * @param settings the settings of the connection asking (verify, ...)
     */
    public StoredBackup backup(String reason, Manifest.Trigger trigger, Settings settings, boolean pinned)
            throws BackupFailedException {
        long start = System.nanoTime();
        try {
            BackupDirectory dir = BackupDirectory.open(backupDir);
            StoredBackup b = SnapshotWriter.write(dir, new SnapshotWriter.Request(file, reason, trigger,
                    settings.backupVerify(), Compression.of(settings.backupCompress()), pinned));
            record(AuditEvent.of("backup.created", file.toString())
                    .with("reason", reason)
                    .with("sql", trigger == null ? null : trigger.sql())
                    .with("backup", b.file().toString())
                    .with("bytes", b.manifest().bytes())
                    .with("ms", (System.nanoTime() - start) / 1_000_000)
                    .with("sha256", b.manifest().sha256())
                    .with("verify", b.manifest().verify())
                    .with("thread", Thread.currentThread().getName())
                    .build());
            return b;
        } catch (BackupFailedException e) {
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

    Settings settings() {
        return settings;
    }
}
