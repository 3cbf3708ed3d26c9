package dev.safesqlite.internal.continuous;

import dev.safesqlite.internal.backup.StoredBackup;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

/**
 * Reading continuous protection's keep (SPEC 11): which transactions can be restored, which one
 * was the last committed at a time, and the database as it was right after any of them: the
 * newest snapshot at or before it, then every kept transaction after the snapshot up to it, in
 * order. A missing or damaged file on that way is refused with the range it loses, never skipped.
 */
public final class PointInTime {

    private final Path backupDir;
    private final Path database;
    private final ChangeLog log;

    public PointInTime(Path backupDir, Path database) {
        this.backupDir = backupDir;
        this.database = database.toAbsolutePath().normalize();
        this.log = ChangeLog.of(backupDir, this.database);
    }

    public ChangeLog log() {
        return log;
    }

    /** What can be restored: from the oldest snapshot's transaction to the newest kept one; null when nothing is kept. */
    public record Covered(long firstTxid, Instant firstTime, long lastTxid, Instant lastTime) {
    }

    public Covered covered() throws IOException {
        return retrying(this::coveredOnce);
    }

    private Covered coveredOnce() throws IOException {
        List<StoredBackup> snapshots = Snapshots.of(backupDir, database);
        if (snapshots.isEmpty()) return null;
        StoredBackup latest = snapshots.get(0);
        ChangeFile.Header newest = log.newest();
        boolean changesAfter = newest != null && newest.name().last() > latest.manifest().position();
        long last = changesAfter ? newest.name().last() : latest.manifest().position();
        Instant lastTime = changesAfter ? Instant.ofEpochMilli(newest.lastTimeMillis())
                : Instant.parse(latest.manifest().created());
        // The range starts at the oldest snapshot from which every kept transaction up to the newest
        // can be rebuilt: an older snapshot that backup retention (retain.*) keeps after continuous
        // retention deleted the changes behind it is restorable as a backup, not the start of the range.
        StoredBackup oldest = latest;
        for (StoredBackup s : snapshots) {
            try {
                log.chain(s.manifest().position() + 1, last);
                oldest = s;
            } catch (GapException e) {
                break;
            }
        }
        return new Covered(oldest.manifest().position(), Instant.parse(oldest.manifest().created()), last, lastTime);
    }

    /**
     * The last transaction kept at or before {@code time} (a snapshot's own transaction counts as
     * kept when the snapshot was written).
     *
     * @throws GapException when nothing kept is that old, or a file on the way is damaged
     */
    public long txidAt(Instant time) throws IOException {
        return retrying(() -> txidAtOnce(time));
    }

    private long txidAtOnce(Instant time) throws IOException {
        long millis = time.toEpochMilli();
        List<StoredBackup> snapshots = Snapshots.of(backupDir, database);
        long best = -1;
        for (StoredBackup s : snapshots) {
            if (!Instant.parse(s.manifest().created()).isAfter(time)) best = Math.max(best, s.manifest().position());
        }
        // Transactions are kept in time order: the boundary is in the last file that starts at or before the time.
        ChangeFile.Name boundary = null;
        for (ChangeFile.Name n : log.files()) {
            if (n.last() <= best) continue;
            ChangeFile.Header h = ChangeFile.header(log.file(n));
            if (h.firstTimeMillis() <= millis && (boundary == null || n.first() > boundary.first()
                    || (n.first() == boundary.first() && n.last() > boundary.last()))) {
                boundary = n;
            }
        }
        if (boundary != null) {
            long[] found = {best};
            ChangeFile.scan(log.file(boundary), c -> {
                if (c.timeMillis() <= millis) found[0] = Math.max(found[0], c.txid());
            });
            best = found[0];
        }
        if (best < 0) {
            Covered c = covered();
            throw new GapException("nothing of " + database + " is kept from " + time + " or before"
                    + (c == null ? ": continuous protection has kept no snapshot yet"
                    : "; the oldest point that can be restored is " + RestorePoint.position(c.firstTxid())
                    + " (" + c.firstTime() + ")"));
        }
        return best;
    }

    /** When {@code txid} was kept: its change's time, or its snapshot's when only a snapshot holds it. */
    public Instant timeOf(long txid) throws IOException {
        return retrying(() -> timeOfOnce(txid));
    }

    private Instant timeOfOnce(long txid) throws IOException {
        for (ChangeFile.Name n : log.files()) {
            if (n.first() <= txid && txid <= n.last()) {
                ChangeFile.Header h = ChangeFile.header(log.file(n));
                if (n.first() == txid) return Instant.ofEpochMilli(h.firstTimeMillis());
                if (n.last() == txid) return Instant.ofEpochMilli(h.lastTimeMillis());
                long[] t = {-1};
                ChangeFile.scan(log.file(n), c -> {
                    if (c.txid() == txid) t[0] = c.timeMillis();
                });
                return Instant.ofEpochMilli(t[0]);
            }
        }
        for (StoredBackup s : Snapshots.of(backupDir, database)) {
            if (s.manifest().position() == txid) return Instant.parse(s.manifest().created());
        }
        throw new GapException(RestorePoint.position(txid) + " of " + database + " is not kept");
    }

    /**
     * Writes the database as it was right after {@code txid} into {@code target} (an existing,
     * empty file), self-contained (no -wal needed beside it). The caller checks it with SQLite.
     *
     * @throws GapException naming what is missing or damaged; {@code target} is then to be discarded
     */
    public void materialize(long txid, Path target) throws IOException {
        retrying(() -> {
            materializeOnce(txid, target);
            return null;
        });
    }

    private interface Reading<T> {
        T read() throws IOException;
    }

    /** Every reading of the log: the keeper's compaction may replace a file while it is read. */
    private <T> T retrying(Reading<T> reading) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return reading.read();
            } catch (java.nio.file.NoSuchFileException e) {
                // compaction replaced a file while it was chosen: choose again (a pass that catches
                // up merges many runs one after the other, so a few tries may each meet one)
                if (attempt == 20) throw new GapException("a change file of " + database + " vanished while it was read: "
                        + e.getFile(), e);
            }
        }
    }

    private void materializeOnce(long txid, Path target) throws IOException {
        List<StoredBackup> snapshots = Snapshots.of(backupDir, database);
        GapException damaged = null;
        for (StoredBackup s : snapshots) {
            long position = s.manifest().position();
            if (position > txid) continue;
            try {
                Snapshots.copyTo(s, target);
            } catch (GapException e) {
                damaged = e; // an older snapshot and more changes may still get there
                continue;
            }
            int pageSize = (int) s.manifest().pageSize();
            try (FileChannel ch = FileChannel.open(target, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                for (ChangeFile.Name n : log.chain(position + 1, txid)) {
                    Path file = log.file(n);
                    ChangeFile.Scanned scanned;
                    try {
                        scanned = ChangeFile.scan(file, c -> {
                            if (c.txid() > position && c.txid() <= txid) {
                                PageImage.apply(ch, pageSize, c.databasePages(), c.pages());
                            }
                        });
                    } catch (DamagedChangeException e) {
                        throw new GapException("transactions " + RestorePoint.position(Math.max(n.first(), position + 1))
                                + " to " + RestorePoint.position(n.last()) + " cannot be restored: " + e.getMessage(), e);
                    }
                    if (scanned.pageSize() != pageSize) {
                        throw new GapException(file + " has pages of " + scanned.pageSize() + " bytes, the snapshot "
                                + s.file() + " of " + pageSize + ": they are not of one database");
                    }
                }
                selfContained(ch);
                ch.force(true);
            }
            return;
        }
        if (damaged != null) throw damaged;
        throw new GapException("no snapshot of " + database + " in " + backupDir + " holds " + RestorePoint.position(txid)
                + " or an earlier transaction" + (snapshots.isEmpty() ? ": continuous protection has kept none yet"
                : "; the oldest is at " + RestorePoint.position(snapshots.get(snapshots.size() - 1).manifest().position())));
    }

    /** Header bytes 18 and 19 to 1 (rollback journal), as SnapshotWriter does: no -wal belongs with it. */
    static void selfContained(FileChannel ch) throws IOException {
        if (ch.size() < 100) return;
        ch.write(ByteBuffer.wrap(new byte[] {1, 1}), 18);
    }
}
