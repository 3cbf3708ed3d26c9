package dev.safesqlite.internal.continuous;

import dev.safesqlite.internal.audit.Audit;
import dev.safesqlite.internal.audit.AuditEvent;
import dev.safesqlite.internal.backup.BackupDirectory;
import dev.safesqlite.internal.backup.BackupFailedException;
import dev.safesqlite.internal.backup.BackupName;
import dev.safesqlite.internal.backup.Compression;
import dev.safesqlite.internal.backup.LiveConnection;
import dev.safesqlite.internal.backup.SnapshotWriter;
import dev.safesqlite.internal.backup.StoredBackup;
import dev.safesqlite.internal.config.Settings;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code continuous=on} for one database in this JVM (SPEC 11): keeps every committed
 * transaction as change files, right after each commit of a managed connection (a commit signal
 * wakes the capture) and within {@code continuous.lag} for any other writer (a timer), holds the
 * WAL so SQLite never reuses space whose frames are not kept ({@link WalHold}), checkpoints
 * (PASSIVE only: it never waits and never makes a writer wait), writes snapshots every
 * {@code continuous.snapshot.interval}, compacts, and records restore points.
 *
 * <p>One JVM keeps a database's log at a time: the one that holds {@code capture.lock} in the
 * log's directory. Another JVM's commits are then captured by that one like any outside
 * writer's, and its destructive statements are protected by full backups, as without
 * continuous protection; it takes over when the first one ends.
 */
public final class ContinuousProtection {

    private static final Logger LOG = LoggerFactory.getLogger(ContinuousProtection.class);
    /** PASSIVE checkpoint once the WAL holds this many frames past the last one: SQLite's own default. */
    private static final long CHECKPOINT_FRAMES = 1000;
    /** Compaction: this many files of one level become one file of the next. */
    static final int MERGE = 16;
    private static final int LEVELS = 4;

    private final Path database;
    private final Path wal;
    private final Path backupDir;
    private final Settings settings;
    private final Audit audit;
    private final ReentrantLock lock = new ReentrantLock();
    /**
     * The commit signal's own monitor, never held during I/O: the commit hook runs on the
     * application's thread inside its commit, so it must not wait for a capture in progress
     * (which holds {@link #lock}), and a signal raised while one runs must still wake the next wait.
     */
    private final Object bell = new Object();
    private boolean signalled; // guarded by bell
    private volatile boolean stopped;
    private Thread thread;

    // Guarded by lock:
    private ChangeLog log;
    private FileChannel lockFile;
    private FileLock owner;
    private WalHold hold;
    private WalPosition cursor;
    private long lastTxid;
    private long lastTime;
    private int pageSize;
    /** The WAL generation (salt1) the next two are of; where a checkpoint was last tried, and last completed at a pause. */
    private int checkpointGeneration;
    private long checkpointTriedAt;
    private long idleCheckpointAt;
    private volatile boolean ready;
    private volatile long nextSnapshot;
    private volatile long nextMaintenance;
    private volatile Runnable onKept = () -> { };

    public ContinuousProtection(Path database, Path backupDir, Settings settings, Audit audit) {
        this.database = database.toAbsolutePath().normalize();
        this.wal = this.database.resolveSibling(this.database.getFileName() + "-wal");
        this.backupDir = backupDir;
        this.settings = settings;
        this.audit = audit;
        this.retention = new ContinuousRetention(backupDir, this.database, settings.continuousRetain(), audit, f -> false);
    }

    /** Starts the capture thread; it takes over the log as soon as no other JVM keeps it. */
    public synchronized void start() {
        if (thread != null) return;
        thread = new Thread(this::run, "safesqlite-continuous-" + database.getFileName());
        thread.setDaemon(true);
        thread.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "safesqlite-continuous-exit"));
    }

    /**
     * Called after every new file of the log (change file, merged file, restore point, snapshot),
     * on the thread that wrote it: replication's "send soon", so what is kept reaches the replicas
     * within {@code continuous.lag}. It must not block.
     */
    public void onKept(Runnable listener) {
        this.onKept = listener;
    }

    private void kept() {
        try {
            onKept.run();
        } catch (RuntimeException e) {
            LOG.warn("SafeSQLite: continuous protection of {}: telling the replicas failed: {}", database, e.getMessage());
        }
    }

    /** Whether this JVM keeps the log now: restore points can be recorded. */
    public boolean ready() {
        return ready;
    }

    /** A managed connection committed (sqlite-jdbc's commit listener): keep its frames now. */
    public void signal() {
        synchronized (bell) {
            signalled = true;
            bell.notifyAll();
        }
    }

    /** Waits until a commit is signalled or {@code ms} passed; returns (and clears) whether one was. */
    private boolean awaitSignal(long ms) throws InterruptedException {
        synchronized (bell) {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
            for (long left = ms; !signalled && !stopped && left > 0; left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())) {
                bell.wait(left);
            }
            boolean was = signalled;
            signalled = false;
            return was;
        }
    }

    /**
     * Keeps every transaction committed so far and returns the position of the last one, durably:
     * what a restore point records before a destructive statement runs.
     *
     * @throws IOException when the log cannot be written or this JVM does not keep it
     */
    public long keepNow() throws IOException {
        if (!ready) throw new IOException("continuous protection of " + database + " is not keeping changes in this JVM yet");
        lock.lock();
        try {
            if (!ready) throw new IOException("continuous protection of " + database + " is not keeping changes in this JVM");
            capture();
            return lastTxid;
        } catch (SQLException e) {
            throw new IOException("cannot read the WAL of " + database + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Records a restore point at the last committed transaction; returns it with its file. */
    public ChangeLog.StoredPoint restorePoint(String reason, String sql, String connection, String thread) throws IOException {
        long txid = keepNow();
        RestorePoint p = new RestorePoint(RestorePoint.FORMAT, database.toString(), txid, Instant.now().toString(), reason,
                sql, connection, thread);
        Path file;
        lock.lock();
        try {
            file = log.writePoint(p);
        } finally {
            lock.unlock();
        }
        kept();
        return new ChangeLog.StoredPoint(file, p);
    }

    /** The newest transaction kept; 0 before the first. */
    public long lastTxid() {
        return lastTxid;
    }

    public Path database() {
        return database;
    }

    private void run() {
        long lagMs = Math.max(10, settings.continuousLag().toMillis());
        long pollMs = Math.max(5, lagMs / 2);
        boolean wasSignalled = false;
        while (!stopped) {
            try {
                if (!ready) {
                    lock.lock();
                    boolean took;
                    try {
                        took = !stopped && takeOver();
                    } finally {
                        lock.unlock();
                    }
                    if (!took) {
                        awaitSignal(lagMs);
                        continue;
                    }
                }
                // Waiting outside the lock: keepNow() and stop() never wait for an idle capture thread.
                wasSignalled = awaitSignal(pollMs) || wasSignalled;
                lock.lock();
                try {
                    if (stopped) break; // stop() kept the last changes and let go of the log: nothing more is written
                    long before = lastTxid;
                    capture();
                    if (wasSignalled && lastTxid == before) {
                        // The commit hook runs before SQLite writes the commit frame: look again shortly.
                        for (long sleep = 1; sleep <= 32 && lastTxid == before; sleep *= 2) {
                            lock.unlock();
                            try {
                                Thread.sleep(sleep);
                            } finally {
                                lock.lock();
                            }
                            if (stopped) return;
                            capture();
                        }
                    }
                    wasSignalled = false;
                    maintain();
                } finally {
                    lock.unlock();
                }
            } catch (InterruptedException e) {
                break;
            } catch (SQLException | IOException | RuntimeException e) {
                if (stopped) break;
                failed(e, lagMs);
            } catch (Throwable e) {
                // OutOfMemoryError and the like: the state in memory may be half updated, so let go
                // of the WAL and take over again from what the log holds; the thread goes on.
                if (stopped) break;
                lock.lock();
                try {
                    ready = false;
                    closeHold();
                } finally {
                    lock.unlock();
                }
                try {
                    LOG.error("SafeSQLite: continuous protection of {} failed ({}); taking over again in {} ms",
                            database, e, lagMs);
                    audit.record(AuditEvent.of("continuous.failed", database.toString()).with("error", e.toString()).build());
                } catch (Throwable ignored) {
                    // the report itself failed (no memory): the retry below still runs
                }
                pause(lagMs);
            }
        }
    }

    private void failed(Exception e, long lagMs) {
        if (ready) {
            // The hold stays (letting go would let SQLite overwrite unkept frames), so SQLite cannot
            // checkpoint past them: the WAL grows for as long as this lasts.
            LOG.warn("SafeSQLite: continuous protection of {} cannot keep its changes in {} ({}); until the cause is "
                    + "fixed or continuous protection is turned off (continuous=off), the WAL of {} cannot be "
                    + "checkpointed past the unkept frames and grows; retrying in {} ms", database,
                    log.changesDirectory(), e.getMessage(), database, lagMs);
        } else {
            LOG.warn("SafeSQLite: continuous protection of {} failed ({}); retrying in {} ms", database,
                    e.getMessage(), lagMs);
        }
        audit.record(AuditEvent.of("continuous.failed", database.toString()).with("error", e.getMessage()).build());
        pause(lagMs);
    }

    private void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Becomes the JVM that keeps the log, if no other does: holds the WAL, then continues the
     * chain where the newest change file ended if the WAL still holds that frame (a crash, a
     * restart with the WAL left), else writes a new base snapshot, after the change that turns
     * the last kept state into the present one (what was written while nobody kept frames).
     */
    private boolean takeOver() throws IOException, SQLException {
        if (!Files.exists(database)) return false;
        if (log == null) log = ChangeLog.create(backupDir, database);
        if (owner == null) {
            if (lockFile == null) {
                lockFile = FileChannel.open(log.directory().resolve("capture.lock"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
            }
            try {
                owner = lockFile.tryLock();
            } catch (OverlappingFileLockException e) {
                owner = null; // another instance in this JVM (another class loader) keeps it
            }
            if (owner == null) return false;
        }
        if (!inWalMode()) {
            // A read transaction on a database in rollback-journal mode holds a SHARED lock, which
            // blocks every writer's commit: nothing is held until the application's first
            // connection has switched it to WAL (safesqlite.wal=true does so).
            if (!waitingForWal) LOG.info("SafeSQLite: continuous protection of {} waits until it is in WAL mode", database);
            waitingForWal = true;
            return false;
        }
        waitingForWal = false;
        if (!leftoversRemoved) {
            // Once per instance: a takeover again after an Error must not delete the temporary
            // files of this JVM's own maintenance thread (a snapshot or merge in progress).
            removeScratch();
            leftoversRemoved = true;
        }
        try {
            hold = new WalHold(database);
            hold.advance();
            resumeOrBase();
            ready = true;
        } catch (WalHold.NotInWalMode e) {
            closeHold();
            return false; // the files said WAL, SQLite says otherwise: wait as above
        } catch (Throwable e) {
            // Let go of the WAL until the next attempt: a hold left open would keep SQLite from
            // ever restarting the WAL, and its connections would leave -wal/-shm behind at exit.
            closeHold();
            throw e;
        }
        nextSnapshot = System.currentTimeMillis() + settings.continuousSnapshotInterval().toMillis();
        audit.record(AuditEvent.of("continuous.started", database.toString())
                .with("position", RestorePoint.position(lastTxid))
                .with("resumed", resumed)
                .build());
        return true;
    }

    private boolean waitingForWal;
    private boolean leftoversRemoved;
    /** Whether the last takeover continued the kept WAL chain (audit {@code continuous.started}'s {@code resumed}). */
    private boolean resumed;

    /**
     * Whether the database is in WAL mode, without opening it: its header says so (bytes 18 and 19
     * are 2, sqlite.org/fileformat2.html), or its -wal and -shm are there (SQLite writes the header
     * bytes only with the first transaction after {@code journal_mode=WAL}). {@link WalHold} checks
     * once more with SQLite itself.
     */
    private boolean inWalMode() throws IOException {
        if (Files.exists(wal) && Files.exists(wal.resolveSibling(database.getFileName() + "-shm"))) return true;
        try (FileChannel ch = FileChannel.open(database, StandardOpenOption.READ)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(2);
            if (ch.size() < 100) return false; // empty: the first connection has not written its header yet
            while (b.hasRemaining() && ch.read(b, 18 + b.position()) >= 0) {
                // read both bytes
            }
            return b.get(0) == 2 && b.get(1) == 2;
        }
    }

    /**
     * A temporary file for an image being built, in the log's own directory: not the backup
     * directory's temporary files, which any backup of this process removes as leftovers while it
     * holds that directory's lock (a pre-operation backup deleted a base being built).
     */
    private Path scratch() throws IOException {
        return Files.createTempFile(log.directory(), SCRATCH, ".db");
    }

    private static final String SCRATCH = ".scratch-";

    /**
     * Images and change files being written or merged that a crashed (kill -9) keeper left: only
     * the JVM holding capture.lock builds or writes any, so none of them is anyone's work in progress.
     */
    private void removeScratch() throws IOException {
        try (var files = Files.newDirectoryStream(log.directory(), SCRATCH + "*")) {
            for (Path p : files) Files.deleteIfExists(p);
        }
        try (var files = Files.newDirectoryStream(log.changesDirectory(), ChangeFile.TEMP_PREFIX + "*.tmp")) {
            for (Path p : files) Files.deleteIfExists(p);
        }
    }

    private void closeHold() {
        if (hold == null) return;
        try {
            hold.close();
        } catch (SQLException e) {
            LOG.debug("SafeSQLite: letting go of the WAL of {}: {}", database, e.getMessage());
        }
        hold = null;
    }

    private void resumeOrBase() throws IOException, SQLException {
        ChangeFile.Header newest = log.newest();
        List<StoredBackup> snapshots = Snapshots.of(backupDir, database);
        long logLast = log.lastTxid();
        // A txid is never given twice: snapshots (ordinary backups) outlive a lost change log, and
        // numbering from the log alone (0) gave a snapshot's txid to another state, which a restore
        // of that txid then returned silently. The highest snapshot is the last kept state then.
        long snapshotLast = snapshots.isEmpty() ? 0 : snapshots.get(0).manifest().position();
        lastTxid = Math.max(logLast, snapshotLast);
        lastTime = logLast < snapshotLast ? Instant.parse(snapshots.get(0).manifest().created()).toEpochMilli()
                : newest == null ? 0 : newest.lastTimeMillis();
        boolean snapshotHolds = snapshots.stream().anyMatch(s -> s.manifest().position() <= lastTxid);
        // The WAL cursor of the newest file is where txid logLast ended: it continues only that numbering.
        if (newest != null && newest.end() != null && snapshotHolds && logLast == lastTxid
                && WalReader.continues(wal, newest.end())) {
            cursor = newest.end();
            resumed = true;
            pageSize = snapshots.get(0).manifest().pageSize() > 0 ? (int) snapshots.get(0).manifest().pageSize() : 0;
            beforeResumeCapture.run();
            // What was committed while no one kept frames, still in the WAL, unless SQLite
            // restarted the WAL meanwhile: its frames after the cursor are then gone unkept.
            if (capture(true)) {
                LOG.info("SafeSQLite: continuous protection of {} resumed at {}", database, RestorePoint.position(lastTxid));
                return;
            }
            resumed = false;
            base(true);
        } else {
            resumed = false;
            base(snapshotHolds);
        }
    }

    /**
     * A base to continue from: the database as it is now, built from its file and the WAL's
     * committed frames while the WAL is held, so its transaction is known exactly.
     */
    private void base(boolean history) throws IOException, SQLException {
        WalReader.Read read = readWholeGeneration();
        BackupDirectory dir;
        try {
            dir = BackupDirectory.open(backupDir);
            // The first lock a JVM takes on a directory removes temporary files it finds, its own
            // included: taken before the image's temporary file exists, it cannot remove that.
            dir.exclusively(() -> null);
        } catch (BackupFailedException e) {
            throw new IOException(e.getMessage(), e);
        }
        Path image = scratch();
        try {
            try (var out = Files.newOutputStream(image, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                Files.copy(database, out); // into the owner-only temporary file: a full copy of the data
            }
            int ps = read.header() != null ? read.header().pageSize() : pageSizeOf(image);
            List<Change> frames = new ArrayList<>();
            for (WalReader.Transaction t : read.transactions()) frames.add(new Change(0, 0, t.databasePages(), false, t.pages()));
            if (frames.isEmpty()) {
                try (FileChannel ch = FileChannel.open(image, StandardOpenOption.WRITE)) {
                    ch.truncate(ch.size() / ps * ps);
                }
            }
            PageImage.apply(image, ps, frames);
            try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                PointInTime.selfContained(ch);
            }
            pageSize = ps;
            long previous = lastTxid;
            long position = lastTxid;
            String note;
            if (!history) {
                note = lastTxid == 0 ? "first snapshot" : "no snapshot holds the kept changes";
                if (lastTxid > 0) {
                    // Changes whose base is gone: the new snapshot starts a chain after them.
                    position = keepAsChange(PageImage.difference(null, image, ps,
                            lastTxid + 1, now()));
                }
            } else {
                Path last = scratch();
                try {
                    boolean same;
                    try {
                        new PointInTime(backupDir, database).materialize(lastTxid, last);
                        Change diff = PageImage.difference(last, image, ps, lastTxid + 1, now());
                        same = diff.pages().isEmpty() && Files.size(last) == Files.size(image);
                        if (!same) position = keepAsChange(diff);
                        note = same ? "nothing was written while no one kept frames"
                                : "the database changed while no one kept frames (another process's writes, a restore, "
                                + "a copied file): the difference is kept as one change";
                    } catch (GapException e) {
                        // The kept chain cannot be rebuilt: the present state is kept whole, as one change.
                        position = keepAsChange(PageImage.difference(null, image, ps,
                                lastTxid + 1, now()));
                        note = "the kept chain could not be rebuilt (" + e.getMessage() + ")";
                        same = false;
                    }
                    if (!same) {
                        audit.record(AuditEvent.of("continuous.gap", database.toString())
                                .with("after", RestorePoint.position(previous))
                                .with("since", lastTime == 0 ? null : Instant.ofEpochMilli(lastTime).toString())
                                .with("until", Instant.now().toString())
                                .with("kept", RestorePoint.position(position))
                                .with("note", note)
                                .build());
                        LOG.warn("SafeSQLite: {} changed while no SafeSQLite kept its frames (since {}: another process, a restore "
                                + "or a copied file); "
                                + "those writes are kept as one change {}, not one by one", database,
                                lastTime == 0 ? "the last kept change" : Instant.ofEpochMilli(lastTime), RestorePoint.position(position));
                    }
                } finally {
                    Files.deleteIfExists(last);
                }
            }
            cursor = read.end();
            if (cursor == null && read.header() != null) cursor = read.header().start();
            if (!history || position != lastTxid || Snapshots.of(backupDir, database).isEmpty()) {
                publishSnapshot(dir, image, position);
            }
            lastTxid = position;
            LOG.info("SafeSQLite: continuous protection of {} started at {} ({})", database,
                    RestorePoint.position(position), note);
        } finally {
            Files.deleteIfExists(image);
        }
    }

    /**
     * The committed frames of one WAL generation, whole: a restart that overtakes the read (the
     * hold may read from the database alone, which lets a writer restart the WAL) leaves a prefix
     * of the old generation, whose pages are older than the database file's; applied over it they
     * would make an image of no real state. SQLite writes the new header before the new frames,
     * so an unchanged header after the read means the read was not overtaken.
     */
    private WalReader.Read readWholeGeneration() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            WalReader.Read read = WalReader.read(wal, null);
            if (sameHeaderNow(read)) return read;
        }
        throw new IOException("the WAL of " + database + " restarted during every one of 100 reads; retried later");
    }

    /** Whether the WAL still has the header {@code read} was read under (both absent counts as the same). */
    private boolean sameHeaderNow(WalReader.Read read) throws IOException {
        WalReader.Header now;
        try (FileChannel ch = FileChannel.open(wal, StandardOpenOption.READ)) {
            now = WalReader.header(ch);
        } catch (java.nio.file.NoSuchFileException e) {
            now = null;
        }
        WalReader.Header then = read.header();
        return then == null ? now == null : now != null && now.salt1() == then.salt1() && now.salt2() == then.salt2();
    }

    /** Test seam: runs between the takeover's check that the WAL continues the log and its first capture. */
    volatile Runnable beforeResumeCapture = () -> { };

    /** Writes one synthetic change (all of it kept as txid lastTxid + 1); returns its txid. */
    private long keepAsChange(Change change) throws IOException {
        ChangeFile.write(log.changesDirectory(), 0, pageSize, List.of(change), null);
        kept();
        lastTxid = change.txid();
        lastTime = change.timeMillis();
        return change.txid();
    }

    private void publishSnapshot(BackupDirectory dir, Path image, long position) throws IOException {
        SnapshotWriter.Request request = new SnapshotWriter.Request(database, Snapshots.REASON, null,
                settings.backupVerify(), Compression.of(settings.backupCompress()), false, null,
                temp -> {
                    try {
                        // Into the owner-only temporary file itself: a replaced file would get default permissions.
                        try (var out = Files.newOutputStream(temp, StandardOpenOption.WRITE,
                                StandardOpenOption.TRUNCATE_EXISTING)) {
                            Files.copy(image, out);
                        }
                    } catch (IOException e) {
                        throw new BackupFailedException("cannot write the snapshot of " + database + " in " + backupDir
                                + ": " + e.getMessage(), e);
                    }
                }, position);
        try {
            StoredBackup b = SnapshotWriter.write(dir, request);
            kept();
            audit.record(AuditEvent.of("backup.created", database.toString())
                    .with("reason", Snapshots.REASON)
                    .with("backup", b.file().toString())
                    .with("position", RestorePoint.position(position))
                    .with("bytes", b.manifest().bytes())
                    .with("sha256", b.manifest().sha256())
                    .with("verify", b.manifest().verify())
                    .build());
        } catch (BackupFailedException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static int pageSizeOf(Path db) throws IOException {
        try (FileChannel ch = FileChannel.open(db, StandardOpenOption.READ)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(2);
            ch.read(b, 16);
            int v = ((b.get(0) & 0xff) << 8) | (b.get(1) & 0xff);
            return v == 1 ? 65536 : v == 0 ? 4096 : v;
        }
    }

    private long now() {
        // Monotonic across kept transactions, whatever the wall clock does.
        long t = Math.max(System.currentTimeMillis(), lastTime);
        lastTime = t;
        return t;
    }

    private void capture() throws IOException, SQLException {
        capture(false);
    }

    /**
     * Keeps what SQLite committed since the cursor, then moves the hold forward and checkpoints.
     * The first capture after a takeover ({@code resuming}) refuses a new WAL generation, or a
     * restart during its read, and writes nothing (returns false): frames after the cursor were
     * committed while nobody held the WAL, and a restart may have overwritten them unkept. Later,
     * the hold makes a new generation legitimate (see {@link WalHold}).
     */
    private boolean capture(boolean resuming) throws IOException, SQLException {
        WalReader.Read read = WalReader.read(wal, cursor);
        if (resuming && (read.newGeneration() || read.header() == null || !sameHeaderNow(read))) return false;
        if (!read.transactions().isEmpty()) {
            if (pageSize != 0 && read.header().pageSize() != pageSize) {
                throw new IOException("the page size of " + database + " changed from " + pageSize + " to "
                        + read.header().pageSize() + "; continuous protection needs a new snapshot (restart the application)");
            }
            pageSize = read.header().pageSize();
            List<Change> changes = new ArrayList<>(read.transactions().size());
            long txid = lastTxid;
            long time = now();
            for (WalReader.Transaction t : read.transactions()) {
                changes.add(new Change(++txid, time, t.databasePages(), false, t.pages()));
            }
            ChangeFile.write(log.changesDirectory(), 0, pageSize, changes, read.end());
            lastTxid = txid;
            cursor = read.end();
            kept();
        } else if (read.header() != null && read.newGeneration()) {
            cursor = read.header().start(); // a restart with nothing committed yet
        }
        hold.advance();
        if (cursor == null) return true;
        if (cursor.salt1() != checkpointGeneration) {
            checkpointGeneration = cursor.salt1(); // the WAL restarted
            checkpointTriedAt = 0;
            idleCheckpointAt = 0;
        }
        // Every CHECKPOINT_FRAMES frames while writers write (SQLite's own autocheckpoint size): it
        // copies what it can, but a writer that commits before the hold moves keeps the WAL from
        // restarting. So also at the first pause after that: with no writer, the checkpoint copies
        // everything and the hold moves to read from the database alone, and the next writer
        // restarts the WAL from its first frame; without this the WAL grew by every burst.
        boolean idle = read.transactions().isEmpty();
        if (idle ? cursor.frame() >= CHECKPOINT_FRAMES && cursor.frame() != idleCheckpointAt
                : cursor.frame() - checkpointTriedAt >= CHECKPOINT_FRAMES) {
            if (checkpoint() && idle) idleCheckpointAt = cursor.frame();
        }
        return true;
    }

    /**
     * PASSIVE: copies what no reader needs into the database, never waits for a lock and never
     * makes a writer wait. When everything is copied, the hold moves once more: the new read
     * transaction then reads from the database alone, which lets the next writer restart the WAL.
     */
    private boolean checkpoint() throws SQLException {
        checkpointTriedAt = cursor.frame();
        try (LiveConnection c = LiveConnection.open(database, 0); Statement st = c.connection().createStatement();
             ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            // Move the hold to the database alone (so the next writer restarts the WAL) only when
            // every frame the checkpoint copied is kept: the capture's own advance may already hold
            // commits made after its read, and a restart would then overwrite them unkept.
            if (rs.next() && rs.getLong(2) > 0 && rs.getLong(2) == rs.getLong(3) && rs.getLong(3) == cursor.frame()) {
                hold.advance();
                return true;
            }
            return false;
        }
    }

    /**
     * Snapshots when due, compaction and retention: on a thread of their own, so a capture or a
     * restore point never waits for them (they read only immutable files and write new ones).
     */
    private void maintain() {
        long now = System.currentTimeMillis();
        if (now < nextMaintenance || maintaining.get()) return;
        nextMaintenance = now + 1000;
        boolean snapshotDue = now >= nextSnapshot;
        boolean retentionDue = now >= nextRetention;
        // An idle database has nothing to compact: no thread, no listing of its files every second.
        if (!snapshotDue && !retentionDue && lastTxid == maintainedTxid) return;
        if (snapshotDue) nextSnapshot = now + settings.continuousSnapshotInterval().toMillis();
        if (retentionDue) nextRetention = now + Math.min(RETENTION_EVERY_MS, settings.continuousRetain().toMillis() / 10);
        long upTo = lastTxid;
        maintainedTxid = upTo;
        maintaining.set(true);
        Thread t = new Thread(() -> {
            try {
                if (stopped) return; // this JVM no longer keeps the log: another may compact it now
                if (snapshotDue) {
                    snapshot(upTo);
                    afterSnapshot.run();
                }
                compact();
                if (retentionDue || snapshotDue) {
                    ContinuousRetention.Deleted gone = retention.run(Instant.now());
                    if (!gone.changes().isEmpty() || !gone.points().isEmpty()) kept(); // replicas follow local retention
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("SafeSQLite: continuous protection of {}: snapshot or compaction failed ({}); retried later",
                        database, e.getMessage());
            } finally {
                maintaining.set(false);
            }
        }, "safesqlite-continuous-maintenance");
        t.setDaemon(true);
        t.start();
    }

    private final java.util.concurrent.atomic.AtomicBoolean maintaining = new java.util.concurrent.atomic.AtomicBoolean();
    /**
     * Retention reads every snapshot's manifest: a tenth of continuous.retain apart, at most a
     * minute, is soon enough for the range it keeps.
     */
    private static final long RETENTION_EVERY_MS = 60_000;
    private volatile long nextRetention;
    private volatile long maintainedTxid = -1;
    /** Backup retention after a new snapshot (the owner's {@code retain.*} rules); nothing by default. */
    private volatile Runnable afterSnapshot = () -> { };
    private volatile ContinuousRetention retention;

    /** Runs {@code r} after every scheduled snapshot: the database's backup retention, which snapshots are subject to. */
    public void onSnapshot(Runnable r) {
        afterSnapshot = r;
    }

    /**
     * Which kept files a replica still owes (SPEC 10): continuous retention leaves them until they
     * are sent. Nothing is owed by default.
     */
    public void retainWhileOwed(java.util.function.Predicate<Path> owed) {
        retention = new ContinuousRetention(backupDir, database, settings.continuousRetain(), audit, owed);
    }

    /** A snapshot of the newest kept transaction now (the console's and tests' "snapshot now"). */
    public void snapshotNow() throws IOException {
        snapshot(lastTxid);
    }

    /** A snapshot of {@code txid}, built from the previous snapshot and the changes since: no lock on the database. */
    private void snapshot(long txid) throws IOException {
        if (!ready) return;
        try {
            BackupDirectory dir = BackupDirectory.open(backupDir);
            Path image = scratch();
            try {
                new PointInTime(backupDir, database).materialize(txid, image);
                publishSnapshot(dir, image, txid);
            } finally {
                Files.deleteIfExists(image);
            }
        } catch (BackupFailedException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Merges the oldest {@link #MERGE} consecutive files of a level into one of the next, then deletes them. */
    /** Compacts now (the maintenance thread does so every second); returns how many merges it made. */
    public int compact() throws IOException {
        synchronized (compacting) {
            return compactLevels();
        }
    }

    /** Two merges of the same files at once would each delete the other's sources. */
    private final Object compacting = new Object();

    /**
     * Every full run of each level, not one: a managed writer makes one file per commit, and one
     * merge per level per pass (a pass a second) fell behind any writer of more than 16 commits a
     * second, so the files a restore reads grew without bound.
     */
    private int compactLevels() throws IOException {
        int merged = 0;
        for (int level = 0; level < LEVELS - 1; level++) {
            List<ChangeFile.Name> of = new ArrayList<>();
            for (ChangeFile.Name n : log.files()) if (n.level() == level) of.add(n);
            List<ChangeFile.Name> run = new ArrayList<>();
            for (ChangeFile.Name n : of) {
                if (stopped) return merged;
                if (!run.isEmpty() && n.first() != run.get(run.size() - 1).last() + 1) run.clear();
                run.add(n);
                if (run.size() < MERGE) continue;
                List<Path> sources = run.stream().map(log::file).toList();
                ChangeFile.merge(log.changesDirectory(), level + 1, sources);
                for (Path p : sources) Files.deleteIfExists(p);
                ChangeFile.fsyncDirectory(log.changesDirectory());
                kept(); // replicas: the merged file goes out, the files it replaced may go remotely
                merged++;
                run.clear();
            }
        }
        return merged;
    }

    /** Keeps what is committed, then lets go of the WAL and the log (JVM exit). */
    /** Whether {@link #stop} ran: this keeper lets go of the WAL for good. */
    public boolean stopped() {
        return stopped;
    }

    public void stop() {
        if (stopped) return;
        stopped = true;
        lock.lock();
        try {
            if (ready) {
                try {
                    capture();
                } catch (IOException | SQLException e) {
                    LOG.warn("SafeSQLite: the last changes of {} could not be kept at exit: {}", database, e.getMessage());
                }
            }
            ready = false;
            closeHold();
            if (owner != null) owner.release();
            if (lockFile != null) lockFile.close();
        } catch (IOException e) {
            LOG.debug("SafeSQLite: closing continuous protection of {}: {}", database, e.getMessage());
        } finally {
            hold = null;
            owner = null;
            lockFile = null;
            lock.unlock();
            synchronized (bell) {
                bell.notifyAll();
            }
        }
    }

    static String stem(Path database) {
        return BackupName.stem(database);
    }
}
