package dev.safesqlite.internal.replica;

import dev.safesqlite.internal.backup.BackupDirectory;
import dev.safesqlite.internal.backup.BackupFailedException;
import dev.safesqlite.internal.backup.BackupName;
import dev.safesqlite.internal.backup.StoredBackup;
import dev.safesqlite.internal.continuous.ChangeFile;
import dev.safesqlite.internal.continuous.ChangeLog;
import dev.safesqlite.internal.continuous.DamagedChangeException;
import dev.safesqlite.internal.continuous.GapException;
import dev.safesqlite.internal.continuous.PointInTime;
import dev.safesqlite.internal.continuous.RestorePoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Continuous protection read from a replica alone (SPEC 10, 11: {@code --from URL} with
 * {@code --at}, {@code --points}, {@code --undo}): a staging directory laid out like a local
 * backup directory ({@code continuous/<db>/changes/}, {@code continuous/<db>/points/}, and the
 * snapshot a restore needs, fetched only once the point is chosen, since a snapshot is a whole
 * database). {@link #prepare} then gives a {@link PointInTime} over it, the same code that
 * restores from local files.
 *
 * <p>Every change file is checked as it is staged (its SHA-256, and authentication when
 * encrypted); a damaged or missing one is refused only when a restore needs it, with the range it
 * loses and the replica's URL.
 */
public final class StagedContinuous implements AutoCloseable {

    private final String url;
    private final Path database;
    private final Path directory;
    private final boolean temporary;
    private final ReplicaStore store;
    private final List<RemoteBackup> snapshots;
    /** Change files of the replica that could not be staged, by file name: why. */
    private final Map<String, String> damaged;

    private StagedContinuous(String url, Path database, Path directory, boolean temporary, ReplicaStore store,
                             List<RemoteBackup> snapshots, Map<String, String> damaged) {
        this.url = url;
        this.database = database;
        this.directory = directory;
        this.temporary = temporary;
        this.store = store;
        this.snapshots = snapshots;
        this.damaged = damaged;
    }

    /** Downloads the change files and restore points of {@code database} from {@code store} into {@code directory}. */
    static StagedContinuous stage(ReplicaStore store, Path database, Path directory, boolean temporary) throws IOException {
        String stem = BackupName.stem(database);
        Path changes = ChangeLog.directory(directory, database).resolve("changes");
        Path points = ChangeLog.directory(directory, database).resolve("points");
        Files.createDirectories(changes);
        Files.createDirectories(points);
        List<RemoteBackup> snapshots = new ArrayList<>();
        for (RemoteBackup r : store.list(stem)) {
            if (dev.safesqlite.internal.continuous.Snapshots.REASON.equals(r.reason())) snapshots.add(r);
        }
        List<ReplicaStore.RemoteFile> remote = store.listContinuous(stem, ReplicaStore.Kind.CHANGES);
        List<ChangeFile.Name> names = new ArrayList<>();
        for (ReplicaStore.RemoteFile f : remote) names.add(ChangeFile.Name.parse(f.fileName()));
        Map<String, String> damaged = new LinkedHashMap<>();
        for (int i = 0; i < remote.size(); i++) {
            ReplicaStore.RemoteFile f = remote.get(i);
            ChangeFile.Name n = names.get(i);
            if (n == null) continue;
            // A file a merged one holds entirely is left over from compaction: the merged one is enough.
            if (ContinuousReplication.coveredByAnother(n, names)) continue;
            try {
                Path file = store.fetchContinuous(stem, ReplicaStore.Kind.CHANGES, f, changes);
                try {
                    ChangeFile.scan(file, c -> { });
                } catch (DamagedChangeException e) {
                    Files.deleteIfExists(file);
                    damaged.put(f.fileName(), store.location(stem, ReplicaStore.Kind.CHANGES, f) + " is damaged ("
                            + e.getMessage() + ")");
                }
            } catch (DamagedReplicaException e) {
                damaged.put(f.fileName(), e.getMessage());
            } catch (NoSuchFileException e) {
                damaged.put(f.fileName(), store.location(stem, ReplicaStore.Kind.CHANGES, f) + " vanished while it was read");
            }
        }
        for (ReplicaStore.RemoteFile f : store.listContinuous(stem, ReplicaStore.Kind.POINTS)) {
            try {
                Path p = store.fetchContinuous(stem, ReplicaStore.Kind.POINTS, f, points);
                RestorePoint.fromJson(Files.readString(p));
            } catch (DamagedReplicaException | NoSuchFileException | RuntimeException e) {
                // A restore point is a name for a position; without it the position is still restorable by --at.
                Files.deleteIfExists(points.resolve(f.fileName()));
            }
        }
        return new StagedContinuous(store.url(), database.toAbsolutePath().normalize(), directory, temporary, store,
                snapshots, damaged);
    }

    /** The staging directory: a backup directory holding what was fetched. */
    public Path directory() {
        return directory;
    }

    public String url() {
        return url;
    }

    /** The restore points on the replica, newest first. */
    public List<ChangeLog.StoredPoint> points() throws IOException {
        return ChangeLog.of(directory, database).points();
    }

    /** The snapshots on the replica (backups with reason {@code snapshot}), newest first. */
    public List<RemoteBackup> snapshots() {
        return snapshots;
    }

    /** What the replica can restore: from its oldest snapshot to its newest change; null when it holds no snapshot. */
    public PointInTime.Covered covered() throws IOException {
        RemoteBackup oldest = null;
        RemoteBackup newest = null;
        for (RemoteBackup s : readable()) {
            if (oldest == null || s.manifest().position() < oldest.manifest().position()) oldest = s;
            if (newest == null || s.manifest().position() > newest.manifest().position()) newest = s;
        }
        if (oldest == null) return null;
        long first = oldest.manifest().position();
        Instant firstTime = Instant.parse(oldest.manifest().created());
        ChangeFile.Header last = ChangeLog.of(directory, database).newest();
        if (last == null || last.name().last() <= newest.manifest().position()) {
            return new PointInTime.Covered(first, firstTime, newest.manifest().position(),
                    Instant.parse(newest.manifest().created()));
        }
        return new PointInTime.Covered(first, firstTime, last.name().last(), Instant.ofEpochMilli(last.lastTimeMillis()));
    }

    /** The last transaction the replica holds at or before {@code time}. */
    public long txidAt(Instant time) throws IOException {
        long best = -1;
        for (RemoteBackup s : readable()) {
            if (!Instant.parse(s.manifest().created()).isAfter(time)) best = Math.max(best, s.manifest().position());
        }
        try {
            best = Math.max(best, new PointInTime(directory, database).txidAt(time));
        } catch (GapException none) {
            // nothing staged is that old; a snapshot may still be
        }
        if (best < 0) {
            PointInTime.Covered c = covered();
            throw new GapException("the replica " + url + " holds nothing of " + database.getFileName() + " from " + time
                    + " or before" + (c == null ? ": it holds no snapshot of continuous protection"
                    : "; the oldest point it can restore is " + RestorePoint.position(c.firstTxid()) + " ("
                    + c.firstTime() + ")"));
        }
        return best;
    }

    /**
     * Fetches the newest snapshot at or before {@code txid} (an older one when that one is
     * damaged) into the staging directory, checks that the change files from it to {@code txid}
     * are all staged, and returns the point-in-time reader over the staging directory.
     *
     * @throws GapException naming the range that cannot be restored and the replica's URL
     */
    public PointInTime prepare(long txid) throws IOException {
        fetchSnapshotFor(txid, open(directory));
        return new PointInTime(directory, database);
    }

    /** What {@link #copyInto} brought into a backup directory. */
    public record Copied(long txid, StoredBackup snapshot, int changeFiles, int points) {
    }

    /**
     * As {@link #prepare}, into the backup directory {@code backupDir} of {@code database} itself:
     * the snapshot {@code txid} needs becomes a local backup (as {@code restore --from} fetches a
     * backup), and every staged change file and restore point it lacks is copied into its
     * {@code continuous/<db>/} (same name, same content: files are immutable). The ordinary local
     * point-in-time restore then goes on from there.
     *
     * @throws GapException naming the range that cannot be restored and the replica's URL; nothing is copied then
     */
    public Copied copyInto(long txid, Path backupDir) throws IOException {
        StoredBackup snapshot = fetchSnapshotFor(txid, open(backupDir));
        ChangeLog from = ChangeLog.of(directory, database);
        ChangeLog into = ChangeLog.create(backupDir, database);
        int changes = 0;
        for (ChangeFile.Name n : from.files()) {
            if (copyIfAbsent(from.file(n), into.changesDirectory())) changes++;
        }
        int points = 0;
        for (ChangeLog.StoredPoint p : from.points()) {
            if (copyIfAbsent(p.file(), into.pointsDirectory())) points++;
        }
        return new Copied(txid, snapshot, changes, points);
    }

    private static boolean copyIfAbsent(Path file, Path dir) throws IOException {
        Path target = dir.resolve(file.getFileName().toString());
        if (Files.exists(target)) return false;
        Path temp = Files.createTempFile(dir, ".fetch-", ".tmp");
        try {
            Files.copy(file, temp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            try (var ch = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(temp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return true;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static BackupDirectory open(Path dir) throws IOException {
        try {
            return BackupDirectory.open(dir);
        } catch (BackupFailedException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Fetches into {@code dir} the newest sound snapshot of the replica from which the staged chain reaches {@code txid}. */
    private StoredBackup fetchSnapshotFor(long txid, BackupDirectory dir) throws IOException {
        ChangeLog log = ChangeLog.of(directory, database);
        List<RemoteBackup> candidates = new ArrayList<>(readable());
        candidates.sort(Comparator.comparingLong((RemoteBackup r) -> r.manifest().position()).reversed());
        GapException problem = null;
        for (RemoteBackup s : candidates) {
            long position = s.manifest().position();
            if (position > txid) continue;
            try {
                log.chain(position + 1, txid);
            } catch (GapException e) {
                if (problem == null) problem = explain(e, position + 1, txid);
                continue; // an older snapshot will not cross the gap either, but it may have its own chain
            }
            try {
                return store.fetch(s, dir);
            } catch (DamagedReplicaException e) {
                problem = new GapException("the snapshot " + s.fileName() + " in " + url + " at "
                        + RestorePoint.position(position) + " is damaged (" + e.getMessage() + ")", e);
            }
        }
        if (problem != null) throw problem;
        throw new GapException("the replica " + url + " holds no snapshot of " + database.getFileName() + " at "
                + RestorePoint.position(txid) + " or before" + (candidates.isEmpty() ? ""
                : "; the oldest is at " + RestorePoint.position(candidates.get(candidates.size() - 1).manifest().position())));
    }

    /** A gap in the staged chain, said in terms of the replica: which range, where, and why (missing or damaged). */
    private GapException explain(GapException gap, long from, long to) throws IOException {
        ChangeLog log = ChangeLog.of(directory, database);
        List<ChangeFile.Name> staged = log.files();
        long need = from;
        while (need <= to) {
            long n = need;
            long reach = staged.stream().filter(f -> f.first() <= n && f.last() >= n).mapToLong(ChangeFile.Name::last)
                    .max().orElse(-1);
            if (reach < 0) break;
            need = reach + 1;
        }
        long missingFrom = need;
        long next = staged.stream().mapToLong(ChangeFile.Name::first).filter(f -> f > missingFrom).min().orElse(to + 1);
        long missingTo = Math.min(next - 1, to);
        String range = "transactions " + RestorePoint.position(missingFrom) + " to " + RestorePoint.position(missingTo)
                + " of " + database.getFileName();
        for (Map.Entry<String, String> d : damaged.entrySet()) {
            ChangeFile.Name n = ChangeFile.Name.parse(d.getKey());
            if (n.first() <= missingTo && n.last() >= missingFrom) {
                return new GapException(range + " cannot be restored from the replica " + url + ": " + d.getValue(), gap);
            }
        }
        return new GapException(range + " are not on the replica " + url + ": no change file under "
                + BackupName.stem(database) + "/continuous/changes/ holds them (missing)", gap);
    }

    private List<RemoteBackup> readable() throws IOException {
        List<RemoteBackup> out = new ArrayList<>();
        for (RemoteBackup s : snapshots) {
            if (s.manifest() != null && s.manifest().position() != null) out.add(s);
            else if (s.sealed() != null && s.problem() != null && !s.problem().contains("does not authenticate")) {
                throw new ReplicaException("cannot read the snapshot " + s.fileName() + " in " + url + ": " + s.problem());
            }
        }
        return out;
    }

    /** Closes the connection to the replica; a staging directory made by {@link ReplicaRecovery} is removed with it. */
    @Override
    public void close() throws IOException {
        store.close();
        if (!temporary) return;
        try (Stream<Path> left = Files.walk(directory)) {
            for (Path p : left.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
