package dev.safesqlite.internal.replica;

import dev.safesqlite.internal.audit.AuditEvent;
import dev.safesqlite.internal.backup.BackupName;
import dev.safesqlite.internal.backup.FilePermissions;
import dev.safesqlite.internal.backup.StoredBackup;
import dev.safesqlite.internal.engine.ProtectedDatabase;
import dev.safesqlite.internal.retention.BackupCandidate;
import dev.safesqlite.internal.retention.RetentionDecision;
import dev.safesqlite.internal.retention.RetentionPolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every backup of one database to every replica of {@code replica.url}, in the background.
 *
 * <p>What is pending is never held in memory only: a backup is pending for a replica from the
 * moment its manifest exists on disk until a marker {@code <backup.dir>/.replicated/<replica
 * id>/<backup file name>} exists, and the marker is created only after the store confirmed the
 * object and its manifest. So a crash, an outage or a restart loses nothing: the next start,
 * the next backup, a retry, or {@code safesqlite replicate} sends what has no marker. Another
 * process sharing the backup directory sees the same state; a lock file per replica keeps two
 * of them from sending the same backup at once.
 */
public final class Replication {

    private static final Logger LOG = LoggerFactory.getLogger(Replication.class);
    static final String MARKERS = ".replicated";
    private static final long FIRST_RETRY_MS = 1_000;
    /** Retries back off to this: an outage costs one request per replica every half minute. */
    private static final long MAX_RETRY_MS = 30_000;
    private static final long REPEAT_FAILURE_AUDIT_MS = TimeUnit.MINUTES.toMillis(10);
    /** Its own thread: a long upload never delays a startup, daily or shutdown backup. */
    private static final ScheduledExecutorService UPLOADS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "safesqlite-replica");
        t.setDaemon(true);
        return t;
    });
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final ProtectedDatabase db;
    private final List<Replica> replicas = new ArrayList<>();
    private final AtomicBoolean queued = new AtomicBoolean();
    private final ContinuousReplication continuous;

    /** One replica's state in this JVM; its store is opened on first use, on the replica thread. */
    private final class Replica {
        final URI url;
        final String id;
        ReplicaStore store;
        int failures;
        long nextTryAt;
        boolean retryScheduled;
        String lastAuditedError;
        long lastAuditedAt;
        /** Something arrived that retention on the replica may act on (a backup, a merged change file, the first run). */
        boolean pruneDue = true;

        Replica(URI url) {
            this.url = url;
            this.id = idOf(url);
        }

        ReplicaStore store() throws IOException {
            if (store == null) store = ReplicaStore.open(url, db.settings());
            return store;
        }

        Path markers() {
            return db.backupDir().resolve(MARKERS).resolve(id);
        }
    }

    public Replication(ProtectedDatabase db) {
        this.db = db;
        for (URI u : db.settings().replicaUrls()) replicas.add(new Replica(u));
        this.continuous = new ContinuousReplication(db);
    }

    public boolean enabled() {
        return !replicas.isEmpty();
    }

    /** The directory name of a replica's markers: stable for its URL, safe as a file name. */
    static String idOf(URI url) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(d.digest(url.toString().getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * After a new backup, a new change file or restore point of continuous protection, at start:
     * send what is pending soon, on the replica thread; never waits. Calls made while a run is
     * queued fold into it, so a burst of commits costs one run, which sends every file it finds.
     */
    public void sendSoon() {
        if (!enabled() || !queued.compareAndSet(false, true)) return;
        UPLOADS.execute(() -> {
            queued.set(false);
            runGuarded(false);
        });
    }

    /** What {@code safesqlite replicate} reports. */
    public record Report(int uploaded, List<String> failures, int pending) {
    }

    /** Sends everything pending now, ignoring backoff, and waits (for the command line and {@code SafeSqlite.replicate}). */
    public Report sendNow() {
        if (!enabled()) return new Report(0, List.of(), 0);
        try {
            return UPLOADS.submit(() -> runGuarded(true)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Report(0, List.of("interrupted"), status().pendingUploads());
        } catch (java.util.concurrent.ExecutionException e) {
            return new Report(0, List.of(String.valueOf(e.getCause())), status().pendingUploads());
        }
    }

    private Report runGuarded(boolean now) {
        int uploaded = 0;
        List<String> failures = new ArrayList<>();
        for (Replica r : replicas) {
            if (!now && System.currentTimeMillis() < r.nextTryAt) continue; // a retry is already scheduled
            try {
                // Continuous files first: they are small and owed within continuous.lag; a backup may take long.
                ContinuousReplication.Sent changes = sendContinuous(r);
                int sent = sendPending(r);
                uploaded += sent + changes.files();
                if (sent > 0) db.pruneAfterReplication(); // local backups kept only for this upload may go now
                r.failures = 0;
                r.nextTryAt = 0;
                r.lastAuditedError = null;
                // Listing the replica is not free: prune when something it could change arrived, not per commit.
                if (sent > 0 || changes.merged() || continuous.forgetMarkersOfGoneFiles(r.markers()) > 0) r.pruneDue = true;
                if ("local".equals(db.settings().replicaRetain()) && (now || r.pruneDue) && prune(r)) r.pruneDue = false;
            } catch (IOException | RuntimeException e) {
                failures.add(r.url + ": " + e.getMessage());
                failed(r, e);
            }
        }
        return new Report(uploaded, failures, status().pendingUploads());
    }

    private void failed(Replica r, Exception e) {
        r.failures++;
        long delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS << Math.min(20, r.failures - 1));
        r.nextTryAt = System.currentTimeMillis() + delay;
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        long now = System.currentTimeMillis();
        // One line per outage, not one per retry: again only when the error changes or ten minutes passed.
        if (!msg.equals(r.lastAuditedError) || now - r.lastAuditedAt > REPEAT_FAILURE_AUDIT_MS) {
            r.lastAuditedError = msg;
            r.lastAuditedAt = now;
            LOG.warn("SafeSQLite: sending backups of {} to {} failed, retrying in the background: {}", db.file(), r.url, msg);
            db.record(AuditEvent.of("replica.failed", db.file().toString())
                    .with("replica", r.url.toString())
                    .with("error", msg)
                    .with("pending", pendingFor(r).size())
                    .build());
        }
        if (!r.retryScheduled) { // one retry chain per replica, however many runs fail meanwhile
            r.retryScheduled = true;
            UPLOADS.schedule(() -> {
                r.retryScheduled = false;
                runGuarded(false);
            }, delay, TimeUnit.MILLISECONDS);
        }
    }

    private int sendPending(Replica r) throws IOException {
        int sent = 0;
        List<StoredBackup> pending = pendingFor(r);
        if (pending.isEmpty()) return 0;
        ReplicaStore store = r.store();
        // Oldest first, so that after an outage the replica fills up in the order backups were taken.
        for (int i = pending.size() - 1; i >= 0; i--) {
            StoredBackup b = pending.get(i);
            if (sendOne(r, store, b)) sent++;
        }
        return sent;
    }

    /** Sends the change files and restore points pending for {@code r}, under the replica's lock. */
    private ContinuousReplication.Sent sendContinuous(Replica r) throws IOException {
        if (continuous.pending(r.markers()).isEmpty()) return new ContinuousReplication.Sent(0, false);
        ReplicaStore store = r.store();
        Path markers = r.markers();
        FilePermissions.createDirectories(markers);
        ReentrantLock jvm = JVM_LOCKS.computeIfAbsent(markers, k -> new ReentrantLock());
        jvm.lock();
        try (FileChannel ch = FileChannel.open(markers.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            removeStagingLeftovers(markers);
            return continuous.send(r.url.toString(), store, markers);
        } finally {
            jvm.unlock();
        }
    }

    /** Uploads one backup under the replica's lock; false when another thread or process already did, or it is gone. */
    private boolean sendOne(Replica r, ReplicaStore store, StoredBackup b) throws IOException {
        Path markers = r.markers();
        FilePermissions.createDirectories(markers);
        Path marker = markers.resolve(b.name().fileName());
        ReentrantLock jvm = JVM_LOCKS.computeIfAbsent(markers, k -> new ReentrantLock());
        jvm.lock();
        try (FileChannel ch = FileChannel.open(markers.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            if (Files.exists(marker) || !Files.exists(b.file())) return false;
            removeStagingLeftovers(markers);
            long start = System.nanoTime();
            long bytes = store.upload(b, markers);
            try {
                Files.createFile(marker, FilePermissions.ownerOnlyFile());
            } catch (FileAlreadyExistsException alreadyThere) {
                // sent twice is harmless: same name, same content
            }
            FilePermissions.fsyncDirectory(markers);
            db.record(AuditEvent.of("replica.uploaded", db.file().toString())
                    .with("replica", r.url.toString())
                    .with("backup", b.file().toString())
                    .with("bytes", bytes)
                    .with("sha256", b.manifest().sha256())
                    .with("encrypted", db.settings().replicaEncryptKey() != null)
                    .with("ms", (System.nanoTime() - start) / 1_000_000)
                    .build());
            return true;
        } finally {
            jvm.unlock();
        }
    }

    /** Holding the replica's lock, nobody else is encrypting into this directory: what is there was left by a crash. */
    private static void removeStagingLeftovers(Path markers) throws IOException {
        try (var files = Files.newDirectoryStream(markers, ReplicaStore.STAGING_PREFIX + "*")) {
            for (Path p : files) Files.deleteIfExists(p);
        }
    }

    /**
     * True while {@code b} is not yet confirmed on every replica: local retention keeps it until it
     * is, because deleting it then would delete the only copy of a backup a replica still owes.
     */
    public boolean pendingAnywhere(StoredBackup b) {
        for (Replica r : replicas) {
            if (!Files.exists(r.markers().resolve(b.name().fileName()))) return true;
        }
        return false;
    }

    /**
     * True while a change file or restore point of continuous protection (a file of
     * {@code <backup.dir>/continuous/<db>/}) is not yet confirmed on every replica: local
     * retention of continuous protection keeps it until it is.
     */
    public boolean pendingAnywhere(Path continuousFile) {
        if (!enabled()) return false;
        List<Path> dirs = new ArrayList<>();
        for (Replica r : replicas) dirs.add(r.markers());
        return continuous.pendingAnywhere(continuousFile, dirs);
    }

    /** Local backups not yet confirmed on this replica, newest first. */
    private List<StoredBackup> pendingFor(Replica r) {
        List<StoredBackup> out = new ArrayList<>();
        try {
            for (StoredBackup b : db.backups()) {
                if (!Files.exists(r.markers().resolve(b.name().fileName()))) out.add(b);
            }
        } catch (IOException e) {
            LOG.warn("SafeSQLite: cannot list the backups of {}: {}", db.file(), e.getMessage());
        }
        return out;
    }

    /**
     * Replica lag at a glance.
     *
     * @param pendingUploads backups, change files and restore points, times replicas, still to send
     * @param oldestPending  when the oldest backup or kept change not yet on every replica was made, or null
     */
    public record Status(int pendingUploads, Instant oldestPending) {
        /** How far the replicas are behind: the age of the oldest pending backup, zero when none is. */
        public Duration lag(Instant now) {
            return oldestPending == null ? Duration.ZERO : Duration.between(oldestPending, now);
        }
    }

    public Status status() {
        int count = 0;
        Instant oldest = null;
        for (Replica r : replicas) {
            for (StoredBackup b : pendingFor(r)) {
                count++;
                if (oldest == null || b.name().created().isBefore(oldest)) oldest = b.name().created();
            }
            for (ContinuousReplication.Pending p : continuous.pending(r.markers())) {
                count++;
                if (oldest == null || p.since().isBefore(oldest)) oldest = p.since();
            }
        }
        return new Status(count, oldest);
    }

    /**
     * {@code replica.retain=local}: the retention policy of the local backups, applied to what
     * is on the replica together with what is on disk, so a replica keeps what local retention
     * keeps. It never removes the last copy of a backup the policy keeps: a replica holding
     * backups that this machine lost (a new disk, a new server) keeps them, since the policy
     * counts them; and while any kept backup is still pending for the replica, it deletes nothing.
     */
    private boolean prune(Replica r) throws IOException {
        if (!pendingFor(r).isEmpty() || !continuous.pending(r.markers()).isEmpty()) return false; // again when they are sent
        ReplicaStore store = r.store();
        String stem = BackupName.stem(db.file());
        List<BackupName> remote = store.names(stem);
        if (remote.isEmpty()) return true;
        Map<String, StoredBackup> local = new HashMap<>();
        for (StoredBackup b : db.backups()) local.put(b.name().fileName(), b);
        Map<String, BackupCandidate> candidates = new HashMap<>();
        Map<String, BackupName> remoteByName = new HashMap<>();
        // The snapshots any point of the last continuous.retain is rebuilt from: kept here as local retention keeps them.
        boolean continuousLog = Files.isDirectory(dev.safesqlite.internal.continuous.ChangeLog.directory(db.backupDir(), db.file()));
        java.util.Set<String> pointInTimeBases = !continuousLog ? java.util.Set.of()
                : dev.safesqlite.internal.continuous.ContinuousRetention.keptSnapshots(db.backupDir(), db.file(),
                        db.settings().continuousRetain(), Instant.now());
        for (StoredBackup b : local.values()) {
            candidates.put(b.name().fileName(), new BackupCandidate(b.name().fileName(), b.name().created(),
                    "manual".equals(b.manifest().reason()) || b.manifest().pinned()
                            || pointInTimeBases.contains(b.name().fileName())));
        }
        for (BackupName n : remote) {
            remoteByName.put(n.fileName(), n);
            if (candidates.containsKey(n.fileName())) continue;
            boolean alwaysKept = "manual".equals(n.reason()) || pinnedOnReplica(store, n);
            candidates.put(n.fileName(), new BackupCandidate(n.fileName(), n.created(), alwaysKept));
        }
        RetentionDecision decision = RetentionPolicy.from(db.settings(), ZoneId.systemDefault())
                .decide(new ArrayList<>(candidates.values()), Instant.now());
        for (BackupCandidate gone : decision.deleted()) {
            BackupName n = remoteByName.get(gone.id());
            if (n == null) continue; // only local: local retention deals with it
            store.delete(n);
            Files.deleteIfExists(r.markers().resolve(n.fileName()));
            db.record(AuditEvent.of("replica.deleted", db.file().toString())
                    .with("replica", r.url.toString())
                    .with("backup", n.fileName())
                    .with("reason", n.reason())
                    .build());
        }
        forgetMarkersOfDeletedBackups(r, local.keySet());
        if (continuousLog) {
            List<RemoteBackup> snapshots = new ArrayList<>();
            for (BackupName n : store.names(stem)) {
                if (dev.safesqlite.internal.continuous.Snapshots.REASON.equals(n.reason())) snapshots.add(store.describe(n));
            }
            continuous.prune(r.url.toString(), store, snapshots);
        }
        return true;
    }

    /** A pinned backup counts as kept; a manifest that cannot be read counts as pinned: when in doubt, keep. */
    private static boolean pinnedOnReplica(ReplicaStore store, BackupName n) {
        try {
            RemoteBackup rb = store.describe(n);
            return rb.manifest() == null || rb.manifest().pinned();
        } catch (IOException e) {
            return true;
        }
    }

    private static void forgetMarkersOfDeletedBackups(Replica r, java.util.Set<String> localNames) throws IOException {
        if (!Files.isDirectory(r.markers())) return;
        try (var files = Files.newDirectoryStream(r.markers())) {
            for (Path p : files) {
                String n = p.getFileName().toString();
                if (!n.startsWith(".") && !localNames.contains(n)) Files.deleteIfExists(p);
            }
        }
    }
}
