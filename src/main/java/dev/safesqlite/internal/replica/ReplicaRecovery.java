package dev.safesqlite.internal.replica;

import dev.safesqlite.internal.backup.BackupDirectory;
import dev.safesqlite.internal.backup.BackupFailedException;
import dev.safesqlite.internal.backup.BackupName;
import dev.safesqlite.internal.backup.BackupVerifier;
import dev.safesqlite.internal.backup.FilePermissions;
import dev.safesqlite.internal.backup.StoredBackup;
import dev.safesqlite.internal.config.Settings;
import dev.safesqlite.internal.restore.BackupChoice;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Working from a replica alone (SPEC section 10): on a machine with no database and no local
 * backups, list what the replica holds, verify it, and fetch the chosen backup into the local
 * backup directory, where the ordinary restore takes over (validation, pre-restore backup,
 * atomic replacement, roll back on failure).
 */
public final class ReplicaRecovery {

    private final URI url;
    private final Settings settings;
    private final Path database;
    private final Path backupDir;

    public ReplicaRecovery(URI url, Settings settings, Path database) {
        this.url = url;
        this.settings = settings;
        this.database = database.toAbsolutePath().normalize();
        this.backupDir = settings.backupDir(this.database);
    }

    /** The backups of this database on the replica, newest first. */
    public List<RemoteBackup> list() throws IOException {
        try (ReplicaStore store = ReplicaStore.open(url, settings)) {
            return store.list(BackupName.stem(database));
        }
    }

    /** The chosen backup, downloaded, decrypted and checked, as a local backup in the backup directory. */
    public StoredBackup fetch(BackupChoice choice) throws IOException {
        try (ReplicaStore store = ReplicaStore.open(url, settings)) {
            RemoteBackup chosen = choose(choice, store.list(BackupName.stem(database)));
            return store.fetch(chosen, openBackupDir(backupDir));
        }
    }

    /**
     * Continuous protection from the replica alone (SPEC 11, {@code --from URL} with {@code --at},
     * {@code list --points}, {@code --undo}): stages the replica's change files and restore points
     * into a private directory inside the backup directory (removed on close), laid out like a
     * local backup directory. Then {@link StagedContinuous#txidAt}, {@link StagedContinuous#points},
     * {@link StagedContinuous#covered} choose, and {@link StagedContinuous#prepare} fetches the
     * snapshot and returns the {@code PointInTime} whose {@code materialize} writes the database.
     */
    public StagedContinuous stageContinuous() throws IOException {
        BackupDirectory base = openBackupDir(backupDir);
        Path staging = Files.createTempDirectory(base.path(), ".replica-continuous-" + ProcessHandle.current().pid() + "-",
                FilePermissions.ownerOnlyDirectory());
        return stage(staging, true);
    }

    /** As {@link #stageContinuous()}, into {@code staging} (created if needed, kept on close). */
    public StagedContinuous stageContinuous(Path staging) throws IOException {
        Files.createDirectories(staging);
        return stage(staging, false);
    }

    /**
     * {@code restore DB --from URL --at txN}: brings what restoring {@code txid} needs from the
     * replica into the local backup directory (the snapshot as a local backup, the change files
     * and restore points into {@code continuous/<db>/}); the ordinary local restore at that
     * position then goes on from there, as {@code restore --from} does with a fetched backup.
     */
    public StagedContinuous.Copied fetchContinuous(long txid) throws IOException {
        try (StagedContinuous staged = stageContinuous()) {
            return staged.copyInto(txid, backupDir);
        }
    }

    /** {@code --from URL --at TIME}: as {@link #fetchContinuous(long)} for the last transaction the replica holds at or before {@code time}. */
    public StagedContinuous.Copied fetchContinuous(java.time.Instant time) throws IOException {
        try (StagedContinuous staged = stageContinuous()) {
            return staged.copyInto(staged.txidAt(time), backupDir);
        }
    }

    /**
     * {@code --from URL --undo}: as {@link #fetchContinuous(long)} for the newest restore point on
     * the replica; every older point comes along, so a further {@code --undo} finds them locally.
     */
    public StagedContinuous.Copied fetchContinuousForUndo() throws IOException {
        try (StagedContinuous staged = stageContinuous()) {
            List<dev.safesqlite.internal.continuous.ChangeLog.StoredPoint> points = staged.points();
            if (points.isEmpty()) {
                throw new ReplicaException("the replica " + url + " holds no restore point of " + BackupName.stem(database)
                        + "; 'safesqlite list " + database + " --from " + url + " --points' shows what it holds");
            }
            return staged.copyInto(points.get(0).point().txid(), backupDir);
        }
    }

    private StagedContinuous stage(Path staging, boolean temporary) throws IOException {
        ReplicaStore store = ReplicaStore.open(url, settings);
        try {
            return StagedContinuous.stage(store, database, staging, temporary);
        } catch (IOException | RuntimeException e) {
            store.close();
            if (temporary) {
                try (Stream<Path> left = Files.walk(staging)) {
                    for (Path p : left.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                }
            }
            throw e;
        }
    }

    private RemoteBackup choose(BackupChoice choice, List<RemoteBackup> all) throws ReplicaException {
        if (all.isEmpty()) {
            throw new ReplicaException("the replica " + url + " holds no backups of " + BackupName.stem(database)
                    + " (looked under " + BackupName.stem(database) + "/); check the URL and the database's file name");
        }
        for (RemoteBackup r : all) {
            boolean match = choice instanceof BackupChoice.Latest
                    || choice instanceof BackupChoice.Before b && r.name().created().isBefore(b.time())
                    || choice instanceof BackupChoice.Undo && BackupChoice.PRE_OPERATION.contains(r.reason())
                    || choice instanceof BackupChoice.File f && f.path().getFileName().toString().equals(r.fileName());
            if (match) return r;
        }
        String what = choice instanceof BackupChoice.Before b ? "taken before " + b.time()
                : choice instanceof BackupChoice.File f ? "named " + f.path().getFileName()
                : "taken before a destructive statement";
        throw new ReplicaException("the replica " + url + " holds no backup of " + BackupName.stem(database) + " " + what
                + "; 'safesqlite list " + database + " --from " + url + "' shows the " + all.size() + " it holds");
    }

    /** The verdict on one backup of the replica. */
    public record Verdict(String object, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    /**
     * Downloads every backup into a private staging directory and checks it as {@code verify}
     * checks a local one (checksum, decryption, SQLite's check, row counts); nothing stays behind.
     */
    public List<Verdict> verify(boolean full) throws IOException {
        List<Verdict> out = new ArrayList<>();
        BackupDirectory base = openBackupDir(backupDir);
        Path staging = Files.createTempDirectory(base.path(), ".replica-verify-" + ProcessHandle.current().pid() + "-",
                FilePermissions.ownerOnlyDirectory());
        try (ReplicaStore store = ReplicaStore.open(url, settings)) {
            BackupDirectory dir = openBackupDir(staging);
            for (RemoteBackup r : store.list(BackupName.stem(database))) {
                String object = url + "/" + r.name().database() + "/" + r.fileName();
                if (r.manifest() == null) {
                    if (r.sealed() != null && !r.problem().contains("does not authenticate")) {
                        // no key, or another key: nothing is known to be damaged, the check cannot run
                        throw new ReplicaException("cannot verify " + object + ": " + r.problem());
                    }
                    out.add(new Verdict(object, r.problem()));
                    continue;
                }
                try {
                    StoredBackup b = store.fetch(r, dir);
                    BackupVerifier.Result result = BackupVerifier.verify(b, dir, full);
                    out.add(new Verdict(object, result.problem()));
                    dir.exclusively(() -> {
                        dir.delete(b);
                        return null;
                    });
                } catch (DamagedReplicaException e) {
                    out.add(new Verdict(object, e.getMessage()));
                } catch (BackupFailedException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
        } finally {
            try (Stream<Path> left = Files.walk(staging)) {
                for (Path p : left.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
        return out;
    }

    private static BackupDirectory openBackupDir(Path dir) throws IOException {
        try {
            return BackupDirectory.open(dir);
        } catch (BackupFailedException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
