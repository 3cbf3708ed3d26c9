package dev.safesqlite.internal.continuous;

import dev.safesqlite.internal.audit.Audit;
import dev.safesqlite.internal.audit.AuditEvent;
import dev.safesqlite.internal.backup.StoredBackup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * {@code continuous.retain} (SPEC 11): any point of the last {@code retain} can be restored, and
 * nothing older is kept for that. The anchor is the newest snapshot taken at or before
 * now − retain (the base the oldest such point is rebuilt from); it and every snapshot after it
 * are always kept ({@link #keptSnapshots}, which backup retention asks), change files that end
 * at or before the anchor's transaction and restore points older than it are deleted. Without
 * such a snapshot nothing is deleted: the oldest snapshot is then still needed. Snapshots older
 * than the anchor are ordinary backups, left to the {@code retain.*} rules.
 */
public final class ContinuousRetention {

    private final Path backupDir;
    private final Path database;
    private final Duration retain;
    private final Audit audit;
    private final Predicate<Path> owed;

    /**
     * @param owed whether a replica still owes a file (change file or point): such a file is kept
     *             until it is sent, since it may be the only copy there will be
     */
    public ContinuousRetention(Path backupDir, Path database, Duration retain, Audit audit, Predicate<Path> owed) {
        this.backupDir = backupDir;
        this.database = database.toAbsolutePath().normalize();
        this.retain = retain;
        this.audit = audit;
        this.owed = owed;
    }

    /** What one run deleted. */
    public record Deleted(List<Path> changes, List<Path> points) {
    }

    /** The snapshot the retained range starts from, or null when every snapshot is younger than now − retain. */
    static StoredBackup anchor(List<StoredBackup> snapshotsHighestFirst, Instant now, Duration retain) {
        Instant cutoff = now.minus(retain);
        StoredBackup anchor = null;
        for (StoredBackup s : snapshotsHighestFirst) {
            if (!Instant.parse(s.manifest().created()).isAfter(cutoff)
                    && (anchor == null || s.manifest().position() > anchor.manifest().position())) {
                anchor = s;
            }
        }
        return anchor;
    }

    /**
     * The file names of the snapshots continuous retention needs (the anchor and every later one;
     * all of them when there is no anchor): backup retention must never delete them.
     */
    public static Set<String> keptSnapshots(Path backupDir, Path database, Duration retain, Instant now)
            throws IOException {
        List<StoredBackup> snapshots = Snapshots.of(backupDir, database);
        StoredBackup anchor = anchor(snapshots, now, retain);
        long from = anchor == null ? Long.MIN_VALUE : anchor.manifest().position();
        return snapshots.stream().filter(s -> s.manifest().position() >= from)
                .map(s -> s.file().getFileName().toString()).collect(Collectors.toSet());
    }

    /** Deletes what {@code continuous.retain} no longer needs at {@code now}; each deletion is audited. */
    public Deleted run(Instant now) throws IOException {
        List<StoredBackup> snapshots = Snapshots.of(backupDir, database);
        StoredBackup anchor = anchor(snapshots, now, retain);
        List<Path> changes = new ArrayList<>();
        List<Path> points = new ArrayList<>();
        if (anchor == null) return new Deleted(changes, points);
        long base = anchor.manifest().position();
        ChangeLog log = ChangeLog.of(backupDir, database);
        long newest = log.lastTxid();
        for (ChangeFile.Name n : log.files()) {
            Path f = log.file(n);
            // The file of the newest transaction stays: the next start continues the chain from its WAL position.
            if (n.last() > base || n.last() == newest || owed.test(f)) continue;
            long bytes = Files.exists(f) ? Files.size(f) : 0;
            if (!Files.deleteIfExists(f)) continue;
            changes.add(f);
            audit.record(AuditEvent.of("retention.deleted", database.toString())
                    .with("changes", f.toString())
                    .with("from", RestorePoint.position(n.first()))
                    .with("to", RestorePoint.position(n.last()))
                    .with("bytes", bytes)
                    .with("retain", retain.toString())
                    .build());
        }
        for (ChangeLog.StoredPoint p : log.points()) {
            if (p.point().txid() >= base || owed.test(p.file())) continue;
            if (!Files.deleteIfExists(p.file())) continue;
            points.add(p.file());
            audit.record(AuditEvent.of("retention.deleted", database.toString())
                    .with("point", p.file().toString())
                    .with("position", RestorePoint.position(p.point().txid()))
                    .with("reason", p.point().reason())
                    .with("sql", p.point().sql())
                    .with("retain", retain.toString())
                    .build());
        }
        if (!changes.isEmpty()) ChangeFile.fsyncDirectory(log.changesDirectory());
        if (!points.isEmpty()) ChangeFile.fsyncDirectory(log.pointsDirectory());
        return new Deleted(changes, points);
    }
}
