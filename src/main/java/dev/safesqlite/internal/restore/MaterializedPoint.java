package dev.safesqlite.internal.restore;

import dev.safesqlite.internal.backup.BackupDirectory;
import dev.safesqlite.internal.backup.BackupFailedException;
import dev.safesqlite.internal.backup.Compression;
import dev.safesqlite.internal.backup.FilePermissions;
import dev.safesqlite.internal.backup.Manifest;
import dev.safesqlite.internal.backup.SnapshotWriter;
import dev.safesqlite.internal.backup.StoredBackup;
import dev.safesqlite.internal.continuous.ChangeLog;
import dev.safesqlite.internal.continuous.GapException;
import dev.safesqlite.internal.continuous.PointInTime;
import dev.safesqlite.internal.continuous.RestorePoint;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A point in time of continuous protection (SPEC 11) made into an ordinary verified backup, so
 * that it is restored by the same steps as every backup (validation, diff, pre-restore backup,
 * atomic swap, rollback): the kept snapshot and changes are written into a temporary backup in a
 * private directory under {@code backup.dir} ({@code .point-restore-<pid>-<random>}), checked
 * with {@code integrity_check}, and removed when the restore is done. Being outside the backup
 * directory's own listing, it is never listed, pruned or sent to a replica.
 *
 * @param txid   the transaction whose state it holds
 * @param time   when that transaction was kept
 * @param point  the named restore point it is, or null for a time or position given by the operator
 */
public record MaterializedPoint(long txid, Instant time, ChangeLog.StoredPoint point, StoredBackup backup,
                                Path directory) implements AutoCloseable {

    static final String PREFIX = ".point-restore-";
    static final String REASON = "point";

    /** {@code tx42} */
    public String position() {
        return RestorePoint.position(txid);
    }

    /** What the pre-restore backup records as restored: the point's file name, or {@code tx<N>@<time>}. */
    String restores() {
        return point != null ? point.file().getFileName().toString()
                : new UndoSteps.PointInTimeName(txid, time).text();
    }

    /**
     * Builds the state right after {@code txid} of {@code database} from what {@code backupDir} keeps.
     *
     * @throws RestoreException with GapException's message (the range that is lost) when a file is missing or damaged
     */
    static MaterializedPoint of(Path database, Path backupDir, long txid, ChangeLog.StoredPoint point)
            throws RestoreException {
        PointInTime pit = new PointInTime(backupDir, database);
        Instant time;
        try {
            time = pit.timeOf(txid);
        } catch (IOException e) {
            throw refused(database, txid, e);
        }
        removeLeftovers(backupDir);
        Path dir = backupDir.resolve(PREFIX + ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Files.createDirectory(dir, FilePermissions.ownerOnlyDirectory());
        } catch (IOException e) {
            throw new RestoreException("cannot create the temporary directory " + dir + " for the point in time ("
                    + e + "); check that " + backupDir + " is writable. Nothing was restored.", e);
        }
        try {
            IOException[] gap = new IOException[1];
            Manifest.Trigger trigger = point == null ? null
                    : new Manifest.Trigger(point.point().sql(), point.point().connection(), point.point().thread());
            // integrity_check, not only quick_check: SPEC 11 promises it of every restored point.
            SnapshotWriter.Request request = new SnapshotWriter.Request(database, REASON, trigger, "full",
                    Compression.NONE, false, null, temp -> {
                        try {
                            pit.materialize(txid, temp);
                        } catch (IOException e) {
                            gap[0] = e;
                            throw new BackupFailedException(e.getMessage(), e);
                        }
                    }, txid);
            StoredBackup b;
            try {
                b = SnapshotWriter.write(BackupDirectory.open(dir), request);
            } catch (BackupFailedException e) {
                throw gap[0] != null ? refused(database, txid, gap[0])
                        : new RestoreException("the state at " + RestorePoint.position(txid) + " of " + database
                        + " could not be rebuilt: " + e.getMessage() + ". Nothing was restored.", e);
            }
            return new MaterializedPoint(txid, time, point, b, dir);
        } catch (RestoreException | RuntimeException e) {
            delete(dir);
            throw e;
        }
    }

    private static RestoreException refused(Path database, long txid, IOException e) {
        String what = e instanceof GapException ? e.getMessage() : "cannot read the kept changes: " + e.getMessage();
        return new RestoreException(RestorePoint.position(txid) + " of " + database + " cannot be restored: " + what
                + ". Nothing was restored; 'safesqlite list --points' shows what can be.", e);
    }

    @Override
    public void close() {
        delete(directory);
    }

    /** Directories of restores whose process is gone (killed midway). */
    private static void removeLeftovers(Path backupDir) {
        if (!Files.isDirectory(backupDir)) return;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(backupDir, PREFIX + "*")) {
            for (Path p : ds) {
                String rest = p.getFileName().toString().substring(PREFIX.length());
                int dash = rest.indexOf('-');
                try {
                    long pid = Long.parseLong(rest.substring(0, dash));
                    if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        continue;
                    }
                    if (pid == ProcessHandle.current().pid()) continue; // another restore of this JVM may be using it
                } catch (RuntimeException notOurs) {
                    continue;
                }
                delete(p);
            }
        } catch (IOException e) {
            // leftovers stay; they take space, nothing else
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a leftover; removed by the next point restore
                }
            });
        } catch (IOException e) {
            // as above
        }
    }
}
