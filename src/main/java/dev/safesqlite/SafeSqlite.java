package dev.safesqlite;

import dev.safesqlite.internal.audit.AuditChain;
import dev.safesqlite.internal.backup.BackupDirectory;
import dev.safesqlite.internal.backup.BackupFailedException;
import dev.safesqlite.internal.backup.InternalConnection;
import dev.safesqlite.internal.backup.Manifest;
import dev.safesqlite.internal.backup.StoredBackup;
import dev.safesqlite.internal.config.Protect;
import dev.safesqlite.internal.continuous.ChangeLog;
import dev.safesqlite.internal.continuous.PointInTime;
import dev.safesqlite.internal.continuous.RestorePoint;
import dev.safesqlite.internal.config.Settings;
import dev.safesqlite.internal.config.SettingsResolver;
import dev.safesqlite.internal.audit.AuditEvent;
import dev.safesqlite.internal.engine.BackupHealth;
import dev.safesqlite.internal.engine.ProtectedDatabase;
import dev.safesqlite.internal.export.Export;
import dev.safesqlite.internal.export.ExportManifest;
import dev.safesqlite.internal.lifecycle.WalCheckpoint;
import dev.safesqlite.internal.config.ReplicaUrl;
import dev.safesqlite.internal.replica.ReplicaRecovery;
import dev.safesqlite.internal.replica.Replication;
import dev.safesqlite.internal.restore.BackupChoice;
import dev.safesqlite.internal.restore.BackupVerification;
import dev.safesqlite.internal.restore.PreRestore;
import dev.safesqlite.internal.restore.PreparedRestore;
import dev.safesqlite.internal.restore.Progress;
import dev.safesqlite.internal.restore.Restore;
import dev.safesqlite.internal.restore.RestoreException;
import dev.safesqlite.internal.restore.RestorePlan;
import dev.safesqlite.internal.retention.RetentionDecision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The programmatic face of SafeSQLite's operations on one database, for applications that
 * want a "Backup now" button of their own, and for the command line. Settings come from the
 * same sources as a connection's (SPEC section 3), with {@code overrides} in place of
 * connection properties.
 *
 * <pre>{@code
 * SafeSqlite db = SafeSqlite.of(Path.of("/data/app.db"));
 * BackupInfo b = db.backup(true);          // manual, pinned
 * List<BackupInfo> all = db.list();       // newest first
 * }</pre>
 */
public final class SafeSqlite {

    private final ProtectedDatabase database;

    private SafeSqlite(ProtectedDatabase database) {
        this.database = database;
    }

    /** Operations on {@code database} with the settings of the environment (system properties, environment, file). */
    public static SafeSqlite of(Path database) throws SQLException {
        return of(database, new Properties());
    }

    /** @param overrides {@code safesqlite.*} settings that take precedence over every other source */
    public static SafeSqlite of(Path database, Properties overrides) throws SQLException {
        Settings settings = SettingsResolver.builder().connectionProperties(overrides).resolve();
        return new SafeSqlite(ProtectedDatabase.detached(database, settings));
    }

    /** Sets for a settings map: {@code of(db, Map.of("safesqlite.backup.dir", "/b"))}. */
    public static SafeSqlite of(Path database, Map<String, String> overrides) throws SQLException {
        Properties p = new Properties();
        p.putAll(overrides);
        return of(database, p);
    }

    /**
     * Every database this JVM protects (opened through the driver or the agent), for health
     * checks, metrics and status pages; empty before the first connection.
     */
    public static List<SafeSqlite> protectedInThisJvm() {
        return ProtectedDatabase.all().stream().map(SafeSqlite::new).toList();
    }

    /**
     * Whether the newest backup is younger than {@code safesqlite.health.max.age} and the last
     * verification did not fail; {@link DatabaseHealth#problems()} says what is wrong.
     */
    public DatabaseHealth health() throws IOException {
        return BackupHealth.of(database, Instant.now());
    }

    /**
     * The same database, with the path it had when its backups were taken. Needed only when the
     * backup directory holds backups of two databases of this file name and neither recorded path
     * is this one (both were moved): {@link #list()}, {@link #stats()}, {@link #verify} and the
     * restore then take the backups recorded for {@code original} (and any recorded for this path).
     * Otherwise backups follow the database to a new path by themselves (SPEC section 5).
     */
    public SafeSqlite withOriginal(Path original) {
        return new SafeSqlite(database.withOriginal(original));
    }

    public Path database() {
        return database.file();
    }

    /**
     * Serves the web console for this database on 127.0.0.1:{@code port} until closed; print or
     * log its {@link WebConsole#url()}, which carries the token. Off unless called; for more
     * databases, another address or TLS, use {@link WebConsole#builder()}.
     */
    public WebConsole serveConsole(int port) throws IOException {
        return WebConsole.builder().database(this).port(port).start();
    }

    /** The engine behind these operations, for the console's views of the same database. */
    ProtectedDatabase engine() {
        return database;
    }

    public Path backupDirectory() {
        return database.backupDir();
    }

    /** Takes a {@code manual} backup now: verified, never deleted by retention. */
    public BackupInfo backup() throws IOException {
        return backup(false);
    }

    /** @param pin also mark it pinned (a manual backup is already kept; pinning documents intent in its manifest) */
    public BackupInfo backup(boolean pin) throws IOException {
        try {
            return BackupInfo.of(database.backup("manual", null, database.settings(), pin));
        } catch (BackupFailedException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The reasons a backup can carry (SPEC section 5). */
    public static final List<String> REASONS = List.of("manual", "daily", "startup", "shutdown", "pre-ddl",
            "pre-delete", "pre-update", "pre-restore");

    /**
     * Takes a backup now with another reason than {@code manual}, e.g. {@code daily} from a cron
     * job; such backups are subject to retention unless pinned.
     *
     * @throws IllegalArgumentException for a reason not in {@link #REASONS}
     */
    public BackupInfo backup(String reason, boolean pin) throws IOException {
        if (!REASONS.contains(reason)) {
            throw new IllegalArgumentException("unknown backup reason '" + reason + "'; use one of " + REASONS);
        }
        try {
            return BackupInfo.of(database.backup(reason, null, database.settings(), pin));
        } catch (BackupFailedException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Every backup of this database with a manifest, newest first: those in its backup directory
     * named for its file name, wherever the database was when they were taken (SPEC section 5).
     *
     * @throws dev.safesqlite.internal.backup.UnclearOwnerException (an IOException) when backups of two
     *         same-named databases share the directory and neither was recorded at this path: use {@link #withOriginal}
     */
    public List<BackupInfo> list() throws IOException {
        return database.backups().stream().map(BackupInfo::of).toList();
    }

    /** Applies retention now; with {@code dryRun}, only says what it would delete. */
    public List<BackupInfo> prune(boolean dryRun) throws IOException {
        List<StoredBackup> before = database.owned().backups();
        try {
            RetentionDecision d = database.prune(BackupDirectory.open(database.backupDir()), dryRun);
            List<String> gone = d.deleted().stream().map(c -> c.id()).toList();
            return before.stream().filter(b -> gone.contains(b.file().getFileName().toString()))
                    .map(BackupInfo::of).toList();
        } catch (BackupFailedException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    public BackupStats stats() throws IOException {
        List<StoredBackup> all = database.backups();
        Replication.Status replicas = database.replication().status();
        long lag = replicas.lag(Instant.now()).toMillis();
        if (all.isEmpty()) return new BackupStats(0, 0, null, null, null, replicas.pendingUploads(), lag);
        long bytes = all.stream().mapToLong(b -> b.manifest().bytes()).sum();
        return new BackupStats(all.size(), bytes, all.get(all.size() - 1).name().created(),
                all.get(0).name().created(), all.get(0).manifest().verify(), replicas.pendingUploads(), lag);
    }

    /**
     * Sends every backup not yet on every replica of {@code replica.url} now, and waits
     * (SPEC section 10); what fails stays pending and is retried in the background.
     */
    public ReplicationResult replicate() {
        Replication.Report r = database.replication().sendNow();
        return new ReplicationResult(r.uploaded(), r.pending(), r.failures());
    }

    /** The backups of this database on the replica {@code url} ({@code s3://BUCKET/PREFIX}, {@code file:///PATH}), newest first. */
    public List<ReplicaBackup> listReplica(String url) throws IOException {
        return recovery(url).list().stream().map(ReplicaBackup::of).toList();
    }

    /** Downloads and checks every backup on the replica (checksum, decryption, SQLite's check, row counts). */
    public List<VerifyResult> verifyReplica(String url, boolean full) throws IOException {
        return recovery(url).verify(full).stream().map(v -> new VerifyResult(Path.of(v.object()), v.problem())).toList();
    }

    /**
     * Fetches a backup from the replica into the backup directory (downloaded, decrypted,
     * checked against its manifest), where {@link #restore(Path)} and {@link #list()} see it.
     *
     * @param before the newest backup taken before this time; null for the newest of all
     */
    public BackupInfo fetchFromReplica(String url, Instant before) throws IOException {
        return BackupInfo.of(recovery(url).fetch(before == null ? new BackupChoice.Latest() : new BackupChoice.Before(before)));
    }

    /** Fetches the backup of this file name from the replica (see {@link #fetchFromReplica(String, Instant)}). */
    public BackupInfo fetchFromReplica(String url, String backupName) throws IOException {
        return BackupInfo.of(recovery(url).fetch(new BackupChoice.File(Path.of(backupName))));
    }

    /**
     * Restores the database from a replica alone, e.g. on a new machine: fetches the newest backup
     * (or the newest before {@code before}) and restores it as {@link #restore(Path)} does.
     */
    public RestoreResult restoreFromReplica(String url, Instant before) throws IOException {
        return restore(fetchFromReplica(url, before).file());
    }

    private ReplicaRecovery recovery(String url) {
        return new ReplicaRecovery(ReplicaUrl.of(url, "replica URL"), database.settings(), database.file());
    }

    /**
     * Checks the audit log's hash chain (SPEC section 6): every line's {@code prev} is the SHA-256
     * of the line before it, across rolled files.
     */
    public AuditVerification verifyAudit() throws IOException {
        Path log = database.settings().auditFile(database.file());
        if (!java.nio.file.Files.isRegularFile(log)) {
            throw new java.nio.file.NoSuchFileException(log.toString(), null,
                    "no audit log here; set safesqlite.audit.file if it is elsewhere");
        }
        AuditChain.Report r = AuditChain.verify(log);
        return new AuditVerification(log, r.intact(), r.lines(), r.startsAtGenesis(),
                r.firstBreak().map(Object::toString).orElse(null));
    }

    /**
     * Verifies every backup: checksum and size against the manifest, SQLite's check, row counts;
     * also reports backup files without a manifest and manifests without a backup. Audited.
     *
     * @param full        {@code integrity_check} instead of {@code quick_check}
     * @param restoreTest also restore each backup into a temporary file and check the result
     */
    public List<VerifyResult> verify(boolean full, boolean restoreTest) throws IOException {
        try {
            return new BackupVerification(database, full, restoreTest).all(Progress.NONE).stream()
                    .map(c -> new VerifyResult(c.file(), c.problem())).toList();
        } catch (RestoreException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Restores the database from {@code backup} (a file of {@link #list()}): validates it, takes a
     * {@code pre-restore} backup of the current state, replaces the file atomically and checks
     * it; on any failure the original is put back and the exception says so. The database must
     * not be open, in this process or another: close every connection to it first.
     */
    public RestoreResult restore(Path backup) throws IOException {
        return restore(new BackupChoice.File(backup));
    }

    /**
     * Undoes the newest destructive statement whose effect the database still holds, as {@code
     * safesqlite restore DB --undo} does (the same choice, the same steps as {@link #restore}):
     * restores the {@code pre-ddl}/{@code pre-delete}/{@code pre-update} backup taken before it, or
     * with continuous protection the restore point recorded before it (whichever is newer), which
     * brings back every write made up to the statement.
     * Called again, it undoes the destructive statement before that one; restores and their
     * {@code pre-restore} backups are not steps, and a destructive statement run after an undo
     * is the next one undone.
     */
    public RestoreResult undo() throws IOException {
        return restore(new BackupChoice.Undo());
    }

    /**
     * Restores the state of the last transaction committed at or before {@code time} (SPEC 11,
     * {@code safesqlite restore DB --at TIME}), with the same steps as {@link #restore(Path)}.
     * Needs continuous protection's keep ({@code safesqlite.continuous=on}); a missing or damaged
     * change file on the way is refused with the range it loses, and nothing changes.
     */
    public RestoreResult restoreAt(Instant time) throws IOException {
        return restore(new BackupChoice.At(time));
    }

    /** Restores the state right after the transaction {@code position} ({@code tx42}, as {@link #restorePoints()} names it). */
    public RestoreResult restoreAt(String position) throws IOException {
        long txid = RestorePoint.parsePosition(position);
        if (txid < 0) {
            throw new IllegalArgumentException("'" + position + "' is not a position; positions read tx42");
        }
        return restore(new BackupChoice.AtPosition(txid));
    }

    /** The restore points of continuous protection (SPEC 11), newest first; empty without them. */
    public List<RestorePointInfo> restorePoints() throws IOException {
        return ChangeLog.of(database.backupDir(), database.file()).points().stream().map(RestorePointInfo::of).toList();
    }

    /** Which transactions continuous protection can restore now, or null when it has kept nothing. */
    public PointInTimeRange pointInTimeRange() throws IOException {
        PointInTime.Covered c = new PointInTime(database.backupDir(), database.file()).covered();
        return c == null ? null : new PointInTimeRange(RestorePoint.position(c.firstTxid()), c.firstTime(),
                RestorePoint.position(c.lastTxid()), c.lastTime());
    }

    private RestoreResult restore(BackupChoice choice) throws IOException {
        try {
            Restore restore = new Restore(database);
            try (RestorePlan plan = restore.plan(choice); PreparedRestore prepared = restore.prepare(plan, Progress.NONE)) {
                PreRestore pre = restore.keepCurrentState(plan);
                restore.replace(prepared, pre);
                Manifest m = plan.backup().manifest();
                var point = plan.point();
                Path restored = point == null ? plan.backup().file() : point.point() == null ? null : point.point().file();
                return new RestoreResult(restored, pre.file(), plan.current().tables(),
                        m.tables() == null ? Map.of() : Map.copyOf(m.tables()), plan.current().userVersion(),
                        m.userVersion(), point == null ? null : point.position());
            }
        } catch (RestoreException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Writes every table as CSV (RFC 4180, UTF-8 with BOM) plus {@code manifest.json} into a new
     * directory, or with {@code zip} into one zip file, from one consistent read snapshot of the
     * live database. Needs {@code org.apache.commons:commons-csv} on the class path (the command
     * line jar has it; the driver does not bring it).
     */
    public ExportResult export(Path destination, boolean zip) throws IOException {
        try {
            ExportManifest m = new Export(database).toCsv(destination, zip, null, Progress.NONE);
            Map<String, Long> rows = new LinkedHashMap<>();
            m.tables().forEach((table, t) -> rows.put(table, t.rows()));
            return new ExportResult(destination.toAbsolutePath().normalize(), Instant.parse(m.exported()),
                    m.userVersion(), rows);
        } catch (RestoreException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Folds the WAL into the database ({@code wal_checkpoint(TRUNCATE)}, else PASSIVE when busy); audited. */
    public String checkpoint() throws IOException {
        requireDatabase();
        try {
            return WalCheckpoint.run(database.file(), database.audit());
        } catch (SQLException e) {
            throw new IOException("checkpoint of " + database.file() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Rebuilds the database file ({@code VACUUM}); audited. VACUUM counts as DDL (SPEC section 4),
     * so when {@code protect} includes {@code ddl} a {@code pre-ddl} backup is taken first, as
     * the driver would, and a failed backup means no VACUUM.
     *
     * @return that backup, or null when {@code protect} leaves DDL out
     */
    public BackupInfo vacuum() throws IOException {
        requireDatabase();
        StoredBackup before = null;
        if (database.settings().protect().contains(Protect.DDL)) {
            try {
                before = database.backup("pre-ddl", new Manifest.Trigger("VACUUM", "safesqlite vacuum",
                        Thread.currentThread().getName()), database.settings(), false);
            } catch (BackupFailedException e) {
                throw new IOException("VACUUM of " + database.file() + " did not run: " + e.getMessage(), e);
            }
        }
        long bytesBefore = Files.size(database.file());
        long start = System.nanoTime();
        int busyMs = (int) Math.min(Integer.MAX_VALUE, database.settings().busyTimeout().toMillis());
        try (Connection c = InternalConnection.open(database.file(), busyMs); Statement st = c.createStatement()) {
            st.execute("VACUUM");
        } catch (SQLException e) {
            throw new IOException("VACUUM of " + database.file() + " failed: " + e.getMessage()
                    + "; it needs free space of about the database's size in its directory and in the temp directory, "
                    + "and no other connection writing", e);
        }
        database.record(AuditEvent.of("vacuum", database.file().toString())
                .with("bytesBefore", bytesBefore)
                .with("bytes", Files.size(database.file()))
                .with("backup", before == null ? null : before.file().toString())
                .with("ms", (System.nanoTime() - start) / 1_000_000)
                .build());
        return before == null ? null : BackupInfo.of(before);
    }

    private void requireDatabase() throws IOException {
        if (!Files.isRegularFile(database.file())) {
            throw new IOException("the database " + database.file() + " does not exist; check the path");
        }
    }
}
