package dev.safesqlite.internal.restore;

import dev.safesqlite.internal.audit.AuditEvent;
import dev.safesqlite.internal.backup.BackupDirectory;
import dev.safesqlite.internal.backup.BackupFailedException;
import dev.safesqlite.internal.backup.BackupOwnership;
import dev.safesqlite.internal.backup.FilePermissions;
import dev.safesqlite.internal.backup.Manifest;
import dev.safesqlite.internal.backup.StoredBackup;
import dev.safesqlite.internal.backup.UnclearOwnerException;
import dev.safesqlite.internal.continuous.ChangeLog;
import dev.safesqlite.internal.continuous.GapException;
import dev.safesqlite.internal.continuous.PointInTime;
import dev.safesqlite.internal.continuous.RestorePoint;
import dev.safesqlite.internal.engine.ProtectedDatabase;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Restoring a database from one of its backups, in the steps an operator watches: {@link #plan}
 * (choose and validate the backup, work out what changes; a dry run stops here), {@link #prepare}
 * (refuse if the database is in use, write and check the restored copy beside it), then, once
 * confirmed, {@link #keepCurrentState} (the {@code pre-restore} backup) and {@link #replace}
 * (swap atomically, check, roll back on failure). The command line asks for confirmation after
 * {@code prepare}, so a declined restore leaves no pre-restore backup behind ({@link #declined}
 * audits it); {@code SafeSqlite.restore} runs the steps in a row.
 */
public final class Restore {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final ProtectedDatabase database;

    public Restore(ProtectedDatabase database) {
        this.database = database;
    }

    /**
     * Chooses the backup, verifies it (checksum, SQLite's check, row counts) and works out the change.
     * Changes nothing. A point in time, or an undo to a restore point, is first made into a
     * temporary backup ({@link MaterializedPoint}); close the plan to remove it.
     */
    public RestorePlan plan(BackupChoice choice) throws RestoreException {
        Path file = database.file();
        if (choice instanceof BackupChoice.At || choice instanceof BackupChoice.AtPosition) return planPoint(choice);
        BackupOwnership.Owned owned;
        List<StoredBackup> backups;
        try {
            // A backup named by its file is the operator's explicit choice: no listing, so no
            // question of whose the others are.
            owned = choice instanceof BackupChoice.File ? null : database.owned();
            backups = owned == null ? List.of() : owned.requireClear();
        } catch (UnclearOwnerException e) {
            throw new RestoreException(e.getMessage(), e);
        } catch (IOException e) {
            throw new RestoreException("cannot list the backups in " + database.backupDir() + ": " + e.getMessage(), e);
        }
        boolean undo = choice instanceof BackupChoice.Undo;
        List<UndoStep> history = null;
        UndoStep step = null;
        if (undo) {
            List<ChangeLog.StoredPoint> points = points();
            history = UndoSteps.history(backups, points);
            step = UndoSteps.target(history, 0);
            if (step != null && step.isPoint()) {
                MaterializedPoint point = MaterializedPoint.of(file, database.backupDir(), step.point().point().txid(),
                        step.point());
                return planned(point.backup(), true, UndoSteps.after(history, step), point);
            }
            if (step == null && !points.isEmpty()) {
                throw new RestoreException("nothing left to undo for " + file + ": every destructive statement with a "
                        + "backup or restore point in " + database.backupDir() + " has been undone already; "
                        + "'safesqlite list' shows them, and 'restore --latest' takes back the last restore");
            }
        }
        StoredBackup backup;
        try {
            backup = step != null ? step.backup() : BackupChoice.choose(choice, file, database.backupDir(), backups);
        } catch (DamagedBackupException e) {
            throw e;
        } catch (RestoreException e) {
            if (owned == null || owned.others().isEmpty()) throw e;
            // Backups set aside as another database's may be what the operator looks for: say so.
            throw new RestoreException(e.getMessage() + ". Backups recorded for " + owned.others().stream()
                    .map(Path::toString).collect(java.util.stream.Collectors.joining(", "))
                    + " are there too, counted as another database's; pass --original PATH to choose among them", e);
        }
        return planned(backup, undo, undo ? UndoSteps.after(history, step != null ? step : UndoStep.of(backup)) : null,
                null);
    }

    /** {@code --at TIME} or {@code --at tx42}: the last kept transaction at or before it, made into a backup. */
    private RestorePlan planPoint(BackupChoice choice) throws RestoreException {
        Path file = database.file();
        PointInTime pit = new PointInTime(database.backupDir(), file);
        long txid;
        try {
            PointInTime.Covered covered = pit.covered();
            if (covered == null) {
                throw new RestoreException("continuous protection has kept nothing of " + file + " in "
                        + database.backupDir() + ": a point in time needs safesqlite.continuous=on while the "
                        + "application runs (or pass --backup-dir if its backups are elsewhere)");
            }
            if (choice instanceof BackupChoice.At at) {
                txid = pit.txidAt(at.time());
            } else {
                txid = ((BackupChoice.AtPosition) choice).txid();
                if (txid < covered.firstTxid() || txid > covered.lastTxid()) {
                    throw new RestoreException(RestorePoint.position(txid) + " of " + file + " is not kept: what can be "
                            + "restored is " + RestorePoint.position(covered.firstTxid()) + " (" + covered.firstTime()
                            + ") to " + RestorePoint.position(covered.lastTxid()) + " (" + covered.lastTime()
                            + "); 'safesqlite list --points' shows it");
                }
            }
        } catch (GapException e) {
            throw new RestoreException(e.getMessage() + ". Nothing was restored.", e);
        } catch (IOException e) {
            throw new RestoreException("cannot read what continuous protection kept of " + file + " in "
                    + database.backupDir() + ": " + e.getMessage(), e);
        }
        MaterializedPoint point = MaterializedPoint.of(file, database.backupDir(), txid, null);
        return planned(point.backup(), false, null, point);
    }

    private RestorePlan planned(StoredBackup backup, boolean undo, UndoStep next, MaterializedPoint point)
            throws RestoreException {
        try {
            SoundBackup.require(backup, "restored");
            DatabaseState now = DatabaseState.of(database.file());
            Manifest m = backup.manifest();
            return new RestorePlan(backup, now, RestoreDiff.between(now, m.tables() == null ? Map.of() : m.tables(),
                    m.userVersion()), undo, next, point);
        } catch (RestoreException | RuntimeException e) {
            if (point != null) point.close();
            throw e;
        }
    }

    /** The restore points continuous protection recorded for this database, newest first. */
    private List<ChangeLog.StoredPoint> points() throws RestoreException {
        try {
            return ChangeLog.of(database.backupDir(), database.file()).points();
        } catch (IOException e) {
            throw new RestoreException("cannot read the restore points of " + database.file() + " in "
                    + database.backupDir() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses while another process holds the database open, then writes the backup's database
     * beside it under a hidden name, with the database's owner and permissions and the journal
     * mode it runs in, and checks it against the manifest.
     */
    public PreparedRestore prepare(RestorePlan plan, Progress progress) throws RestoreException {
        // In the application's own JVM, continuous protection lets go of the WAL for the restore
        // (its connections would make the database look in use); it takes over again when the
        // prepared restore is closed, whatever happened.
        AutoCloseable resume = database.suspendContinuous();
        try {
            return prepareSuspended(plan, progress, resume);
        } catch (RestoreException | RuntimeException e) {
            try {
                resume.close();
            } catch (Exception again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    private PreparedRestore prepareSuspended(RestorePlan plan, Progress progress, AutoCloseable resume)
            throws RestoreException {
        Path file = database.file();
        ExclusiveUse.checkFree(file);
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new RestoreException("the directory of " + file + " does not exist; create it, then run the restore again");
        }
        Path copy;
        try {
            copy = newCopyFile(file);
        } catch (IOException e) {
            throw new RestoreException("cannot create the restored copy in " + dir + " (" + e + "); check that it is "
                    + "writable. The database was not changed.", e);
        }
        PreparedRestore prepared = new PreparedRestore(plan, copy, resume);
        try {
            StoredBackup b = plan.backup();
            SoundBackup.copyTo(b, copy, progress);
            String problem = RestoredCheck.problem(copy, b.manifest().tables(), b.manifest().userVersion(), false);
            if (problem != null) {
                throw new DamagedBackupException("the database restored from " + b.file() + " does not match its "
                        + "manifest: " + problem + ". Nothing was restored; pick another backup.");
            }
            JournalHeader.set(copy, runsInWal(plan));
            return prepared;
        } catch (IOException e) {
            closeQuietly(prepared);
            throw new RestoreException("cannot write the restored copy " + copy + " (" + e.getMessage() + "); free "
                    + "space on the disk of " + dir + " or check its permissions. The database was not changed and "
                    + "the partial copy was removed.", e);
        } catch (RestoreException | RuntimeException e) {
            closeQuietly(prepared);
            throw e;
        }
    }

    /**
     * Keeps the state about to be replaced: a {@code pre-restore} backup, or for a file SQLite
     * cannot read, a byte copy of it in the backup directory.
     */
    public PreRestore keepCurrentState(RestorePlan plan) throws RestoreException {
        Path file = database.file();
        if (!plan.current().exists()) return PreRestore.NOTHING;
        if (plan.current().unreadable() != null) return keepUnreadable(file);
        try {
            String restoring = plan.point() != null ? plan.point().restores() : plan.backup().file().getFileName().toString();
            return new PreRestore(database.backupBeforeRestore(restoring), null);
        } catch (BackupFailedException e) {
            throw new RestoreException("could not take the pre-restore backup of " + file + ": " + e.getMessage()
                    + ". Nothing was restored; the database is unchanged.", e);
        }
    }

    /**
     * Records that the operator was asked and did not confirm: nothing was changed and no
     * pre-restore backup was taken, but the attempt is in the audit log.
     */
    public void declined(RestorePlan plan, String answer) {
        database.record(named(AuditEvent.of("restore.declined", database.file().toString()), plan)
                .with("reason", reason(plan))
                .with("answer", answer)
                .build());
    }

    /** Swaps the restored copy in, checks it, and on failure puts the original back; audits either way. */
    public void replace(PreparedRestore prepared, PreRestore pre) throws RestoreException {
        RestorePlan plan = prepared.plan();
        Manifest m = plan.backup().manifest();
        long start = System.nanoTime();
        try {
            AtomicReplacement.replace(database.file(), prepared.copy(),
                    new AtomicReplacement.Expected(m.tables(), m.userVersion(), runsInWal(plan)));
        } catch (RestoreException e) {
            database.record(AuditEvent.of("restore.rolledback", database.file().toString())
                    .with("backup", plan.backup().file().toString())
                    .with("preRestore", pre.file() == null ? null : pre.file().toString())
                    .with("error", e.getMessage())
                    .build());
            throw e;
        } finally {
            closeQuietly(prepared);
        }
        database.record(named(AuditEvent.of("restore.done", database.file().toString()), plan)
                .with("reason", reason(plan))
                .with("preRestore", pre.file() == null ? null : pre.file().toString())
                .with("userVersion", m.userVersion())
                .with("ms", (System.nanoTime() - start) / 1_000_000)
                .build());
    }

    /**
     * What was restored, in an audit event: the backup, or for continuous protection the
     * position, its time and the restore point's file (the temporary backup it went through is gone).
     */
    private static AuditEvent.Builder named(AuditEvent.Builder event, RestorePlan plan) {
        MaterializedPoint p = plan.point();
        if (p == null) return event.with("backup", plan.backup().file().toString());
        return event.with("position", p.position())
                .with("committed", p.time().toString())
                .with("point", p.point() == null ? null : p.point().file().toString())
                .with("sql", p.point() == null ? null : p.point().point().sql());
    }

    /** The backup's reason, a restore point's reason, or {@code point-in-time} for a time or position. */
    private static String reason(RestorePlan plan) {
        MaterializedPoint p = plan.point();
        if (p == null) return plan.backup().manifest().reason();
        return p.point() == null ? "point-in-time" : p.point().point().reason();
    }

    /** The restored database runs in WAL mode if the current one does (or, when there is none, if settings say so). */
    private boolean runsInWal(RestorePlan plan) {
        return plan.current().exists() ? plan.current().wal() : database.settings().wal();
    }

    /** An empty hidden file beside the database, with its owner and permissions (the application must still open it). */
    private static Path newCopyFile(Path database) throws IOException {
        Path copy = database.resolveSibling("." + database.getFileName() + ".restore-" + ProcessHandle.current().pid()
                + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        Files.createFile(copy, FilePermissions.ownerOnlyFile());
        PosixFileAttributeView view = Files.getFileAttributeView(copy, PosixFileAttributeView.class);
        if (view != null && Files.exists(database)) {
            PosixFileAttributes original = Files.readAttributes(database, PosixFileAttributes.class);
            view.setPermissions(original.permissions());
            try {
                if (!original.owner().equals(Files.getOwner(copy))) view.setOwner(original.owner());
                view.setGroup(original.group());
            } catch (IOException notPermitted) {
                // Only root may give a file away; an operator restoring as the database's owner does not need to.
            }
        }
        return copy;
    }

    private PreRestore keepUnreadable(Path file) throws RestoreException {
        try {
            BackupDirectory dir = BackupDirectory.open(database.backupDir());
            Path kept = dir.path().resolve(file.getFileName() + ".unreadable-" + STAMP.format(Instant.now()));
            dir.exclusively(() -> {
                Path temp = dir.newTempFile(".db");
                try {
                    // Into the owner-only temp file itself, so the copy stays 0600 (a full copy of the data).
                    try (var out = Files.newOutputStream(temp, StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING)) {
                        Files.copy(file, out);
                    }
                    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                        ch.force(true); // durable before it is the only copy of the replaced state
                    }
                    Files.move(temp, kept, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(temp);
                }
                FilePermissions.fsyncDirectory(dir.path());
                return null;
            });
            return new PreRestore(null, kept);
        } catch (BackupFailedException e) {
            throw new RestoreException("could not keep a copy of the unreadable " + file + " before restoring: "
                    + e.getMessage() + ". Nothing was restored.", e);
        }
    }

    private static void closeQuietly(PreparedRestore prepared) {
        try {
            prepared.close();
        } catch (IOException e) {
            // a hidden temporary file left beside the database; harmless
        }
    }
}
