package dev.safesqlite.internal.replica;

import dev.safesqlite.internal.audit.AuditEvent;
import dev.safesqlite.internal.backup.BackupName;
import dev.safesqlite.internal.backup.FilePermissions;
import dev.safesqlite.internal.backup.StoredBackup;
import dev.safesqlite.internal.continuous.ChangeFile;
import dev.safesqlite.internal.continuous.ChangeLog;
import dev.safesqlite.internal.continuous.ContinuousRetention;
import dev.safesqlite.internal.continuous.RestorePoint;
import dev.safesqlite.internal.continuous.Snapshots;
import dev.safesqlite.internal.engine.ProtectedDatabase;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Continuous protection on a replica (SPEC 10, 11): the change files and restore points of
 * {@code <backup.dir>/continuous/<db>/} go to {@code <PREFIX>/<db>/continuous/changes/} and
 * {@code .../points/} (snapshots are backups and travel as backups do). The rule is the one of
 * backups: a file is pending for a replica until the marker
 * {@code <backup.dir>/.replicated/<replica id>/.continuous/<db>/<kind>/<file name>} exists, and
 * the marker is made only after the store confirmed the object. The marker directory starts with
 * a dot, so the backups' own marker cleanup never takes it for a backup's marker.
 *
 * <p>Deleting on the replica follows what deleting does locally, and never removes a copy this
 * machine still has: a change file once a merged file holding all of its transactions is on the
 * replica (compaction); a change file or restore point that lies wholly at or before the
 * snapshot {@code continuous.retain} is anchored at locally ({@link ContinuousRetention}), or,
 * without such an anchor, at or before the oldest snapshot left here or on the replica (nothing
 * can be rebuilt from it); in every case only when this machine no longer has the file either.
 */
final class ContinuousReplication {

    private final ProtectedDatabase db;
    private final String stem;

    ContinuousReplication(ProtectedDatabase db) {
        this.db = db;
        this.stem = BackupName.stem(db.file());
    }

    /** One local file not yet confirmed on a replica. */
    record Pending(ReplicaStore.Kind kind, Path file, Instant since) {
    }

    private ChangeLog log() {
        return ChangeLog.of(db.backupDir(), db.file());
    }

    static Path markers(Path replicaMarkers, String stem, ReplicaStore.Kind kind) {
        return replicaMarkers.resolve(".continuous").resolve(stem).resolve(kind.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** What this database's log holds and the replica has not confirmed: change files by first txid, then points. */
    List<Pending> pending(Path replicaMarkers) {
        List<Pending> out = new ArrayList<>();
        ChangeLog log = log();
        try {
            Path marks = markers(replicaMarkers, stem, ReplicaStore.Kind.CHANGES);
            for (ChangeFile.Name n : log.files()) {
                if (Files.exists(marks.resolve(n.fileName()))) continue;
                Path f = log.file(n);
                out.add(new Pending(ReplicaStore.Kind.CHANGES, f, keptAt(f)));
            }
            Path pointMarks = markers(replicaMarkers, stem, ReplicaStore.Kind.POINTS);
            if (Files.isDirectory(log.pointsDirectory())) {
                // By name: a database may hold thousands of points, and only the pending ones are read.
                try (var files = Files.newDirectoryStream(log.pointsDirectory(), "*.json")) {
                    for (Path f : files) {
                        if (Files.exists(pointMarks.resolve(f.getFileName().toString()))) continue;
                        out.add(new Pending(ReplicaStore.Kind.POINTS, f, pointCreated(f)));
                    }
                }
            }
        } catch (IOException e) {
            // a log being compacted while listed: what is pending is listed again on the next run
        }
        return out;
    }

    /** When the oldest transaction of a change file was kept: the age of what a replica lacks. */
    private static Instant keptAt(Path changeFile) {
        try {
            return Instant.ofEpochMilli(ChangeFile.header(changeFile).firstTimeMillis());
        } catch (IOException e) {
            return Instant.now(); // replaced by compaction meanwhile: it counts as new
        }
    }

    private static Instant pointCreated(Path point) {
        try {
            return Instant.parse(RestorePoint.fromJson(Files.readString(point)).created());
        } catch (IOException | RuntimeException e) {
            return Instant.now(); // not a point (or gone): it counts as new
        }
    }

    /** Whether a change file or restore point of this log is not yet confirmed on a replica of {@code markerDirs}. */
    boolean pendingAnywhere(Path file, List<Path> markerDirs) {
        ReplicaStore.Kind kind = file.getParent().getFileName().toString().equals("points")
                ? ReplicaStore.Kind.POINTS : ReplicaStore.Kind.CHANGES;
        for (Path m : markerDirs) {
            if (!Files.exists(markers(m, stem, kind).resolve(file.getFileName().toString()))) return true;
        }
        return false;
    }

    /** Sends what is pending, change files first, oldest first; returns how many were sent and whether one was merged. */
    record Sent(int files, boolean merged) {
    }

    Sent send(String replicaUrl, ReplicaStore store, Path replicaMarkers) throws IOException {
        int sent = 0;
        boolean merged = false;
        for (Pending p : pending(replicaMarkers)) {
            Path marks = markers(replicaMarkers, stem, p.kind());
            FilePermissions.createDirectories(marks);
            Path marker = marks.resolve(p.file().getFileName().toString());
            if (Files.exists(marker)) continue; // another process sent it meanwhile
            long start = System.nanoTime();
            long bytes;
            try {
                bytes = store.uploadContinuous(stem, p.kind(), p.file(), replicaMarkers);
            } catch (NoSuchFileException gone) {
                if (!Files.exists(p.file())) continue; // compacted meanwhile: the merged file holds it and is pending
                throw gone;
            }
            try {
                Files.createFile(marker, FilePermissions.ownerOnlyFile());
            } catch (FileAlreadyExistsException alreadyThere) {
                // sent twice is harmless: same name, same content
            }
            FilePermissions.fsyncDirectory(marks);
            sent++;
            ChangeFile.Name n = ChangeFile.Name.parse(p.file().getFileName().toString());
            if (n != null && n.level() > 0) merged = true;
            db.record(AuditEvent.of("replica.uploaded", db.file().toString())
                    .with("replica", replicaUrl)
                    .with(p.kind() == ReplicaStore.Kind.CHANGES ? "changes" : "point", p.file().toString())
                    .with("bytes", bytes)
                    .with("encrypted", db.settings().replicaEncryptKey() != null)
                    .with("ms", (System.nanoTime() - start) / 1_000_000)
                    .build());
        }
        return new Sent(sent, merged);
    }

    /**
     * A marker whose local file is gone (compacted, retained away) says nothing any more; returns
     * how many went: then what the replica holds may be pruned, as the local log was.
     */
    int forgetMarkersOfGoneFiles(Path replicaMarkers) throws IOException {
        ChangeLog log = log();
        int gone = 0;
        for (ReplicaStore.Kind kind : ReplicaStore.Kind.values()) {
            Path marks = markers(replicaMarkers, stem, kind);
            if (!Files.isDirectory(marks)) continue;
            Path local = kind == ReplicaStore.Kind.CHANGES ? log.changesDirectory() : log.pointsDirectory();
            try (var files = Files.newDirectoryStream(marks)) {
                for (Path m : files) {
                    if (!Files.exists(local.resolve(m.getFileName().toString())) && Files.deleteIfExists(m)) gone++;
                }
            }
        }
        return gone;
    }

    /**
     * Compaction and retention on the replica ({@code replica.retain=local}), run only when
     * nothing is pending for it: see the class comment for what may go.
     */
    void prune(String replicaUrl, ReplicaStore store, List<RemoteBackup> remoteBackups) throws IOException {
        ChangeLog log = log();
        Set<String> localChanges = new HashSet<>();
        for (ChangeFile.Name n : log.files()) localChanges.add(n.fileName());
        Set<String> localPoints = new HashSet<>();
        for (ChangeLog.StoredPoint p : log.points()) localPoints.add(p.file().getFileName().toString());

        long oldestSnapshot = Long.MAX_VALUE;
        boolean anySnapshot = false;
        List<StoredBackup> localSnapshots = Snapshots.of(db.backupDir(), db.file());
        Set<String> retained = ContinuousRetention.keptSnapshots(db.backupDir(), db.file(), db.settings().continuousRetain(),
                Instant.now());
        if (retained.size() < localSnapshots.size()) {
            // continuous.retain has an anchor here: local retention dropped what lies before it, and so does the replica.
            for (StoredBackup s : localSnapshots) {
                if (retained.contains(s.file().getFileName().toString())) {
                    oldestSnapshot = Math.min(oldestSnapshot, s.manifest().position());
                    anySnapshot = true;
                }
            }
        } else {
            for (StoredBackup s : localSnapshots) {
                oldestSnapshot = Math.min(oldestSnapshot, s.manifest().position());
                anySnapshot = true;
            }
            for (RemoteBackup r : remoteBackups) {
                if (!Snapshots.REASON.equals(r.reason())) continue;
                if (r.manifest() == null || r.manifest().position() == null) return; // cannot tell its position: keep all
                oldestSnapshot = Math.min(oldestSnapshot, r.manifest().position());
                anySnapshot = true;
            }
        }

        List<ReplicaStore.RemoteFile> changes = store.listContinuous(stem, ReplicaStore.Kind.CHANGES);
        List<ChangeFile.Name> names = new ArrayList<>();
        for (ReplicaStore.RemoteFile f : changes) names.add(ChangeFile.Name.parse(f.fileName()));
        for (int i = 0; i < changes.size(); i++) {
            ReplicaStore.RemoteFile f = changes.get(i);
            ChangeFile.Name n = names.get(i);
            if (n == null || localChanges.contains(f.fileName())) continue;
            String why = null;
            if (coveredByAnother(n, names)) why = "compacted";
            else if (anySnapshot && n.last() <= oldestSnapshot) why = "before the oldest snapshot";
            if (why == null) continue;
            store.deleteContinuous(stem, ReplicaStore.Kind.CHANGES, f);
            db.record(AuditEvent.of("replica.deleted", db.file().toString())
                    .with("replica", replicaUrl)
                    .with("changes", f.object())
                    .with("note", why)
                    .build());
        }
        if (!anySnapshot) return;
        for (ReplicaStore.RemoteFile f : store.listContinuous(stem, ReplicaStore.Kind.POINTS)) {
            if (localPoints.contains(f.fileName())) continue;
            long txid = pointTxid(f.fileName());
            if (txid < 0 || txid >= oldestSnapshot) continue;
            store.deleteContinuous(stem, ReplicaStore.Kind.POINTS, f);
            db.record(AuditEvent.of("replica.deleted", db.file().toString())
                    .with("replica", replicaUrl)
                    .with("point", f.object())
                    .with("note", "before the oldest snapshot")
                    .build());
        }
    }

    /**
     * Whether another file on the replica holds every transaction of {@code n}: wider, or as wide
     * and of a higher level. The widest file of a range is covered by none, so it always stays.
     */
    static boolean coveredByAnother(ChangeFile.Name n, List<ChangeFile.Name> all) {
        for (ChangeFile.Name o : all) {
            if (o == null || o.equals(n) || o.first() > n.first() || o.last() < n.last()) continue;
            boolean wider = o.first() < n.first() || o.last() > n.last();
            if (wider || o.level() > n.level()) return true;
        }
        return false;
    }

    /** A point's file name starts with its txid in 16 hex digits ({@link ChangeLog#writePoint}). */
    static long pointTxid(String fileName) {
        if (fileName.length() < 17 || fileName.charAt(16) != '-') return -1;
        try {
            return Long.parseUnsignedLong(fileName.substring(0, 16), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** For messages: a txid as {@code list --points} prints it. */
    static String position(long txid) {
        return RestorePoint.position(txid);
    }
}
