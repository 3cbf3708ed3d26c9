package dev.safesqlite.internal.backup;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A backup directory: where backups and manifests live, the lock that makes writing and
 * deleting them exclusive across threads and processes, and the temporary names that are
 * never mistaken for a backup.
 *
 * <p>Everything that creates, renames or deletes backups runs inside {@link #exclusively}: a
 * {@link ReentrantLock} per directory (FileLock is per process) plus an OS file lock on
 * {@code .safesqlite.lock}, which the OS releases when a process dies, so a killed process
 * never leaves a lock behind. Because writers hold the lock for the whole backup, anything
 * half-written found while holding it was left by a process that died: it is removed.
 */
public final class BackupDirectory {

    static final String LOCK_FILE = ".safesqlite.lock";
    static final String TEMP_PREFIX = ".tmp-";
    private static final long LOCK_WAIT_MS = TimeUnit.MINUTES.toMillis(5);
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Path, Boolean> CLEANED = new ConcurrentHashMap<>();

    private final Path dir;

    private BackupDirectory(Path dir) {
        this.dir = dir;
    }

    /** Opens (creating, owner-only) a backup directory. */
    public static BackupDirectory open(Path dir) throws BackupFailedException {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new BackupFailedException("the backup directory " + abs + " exists but is not a directory;"
                    + " move that file away or set safesqlite.backup.dir to a directory", null);
        }
        try {
            FilePermissions.createDirectories(abs);
        } catch (IOException e) {
            throw new BackupFailedException("cannot create the backup directory " + abs + " (" + e
                    + "); create it or set safesqlite.backup.dir to a writable directory", e);
        }
        if (!Files.isWritable(abs)) {
            throw new BackupFailedException("the backup directory " + abs
                    + " is not writable; fix its permissions or set safesqlite.backup.dir", null);
        }
        return new BackupDirectory(abs);
    }

    public Path path() {
        return dir;
    }

    /** Work that holds the directory's lock. */
    public interface LockedWork<T> {
        T run() throws BackupFailedException, IOException;
    }

    /**
     * Runs {@code work} holding this directory's lock in this JVM and across processes.
     * The first time a JVM takes the lock it removes what dead processes left behind.
     */
    public <T> T exclusively(LockedWork<T> work) throws BackupFailedException {
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(realPath(), d -> new ReentrantLock());
        try {
            if (!jvmLock.tryLock(LOCK_WAIT_MS, TimeUnit.MILLISECONDS)) {
                throw new BackupFailedException("timed out waiting for another backup of " + dir + " in this JVM", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupFailedException("interrupted while waiting for the backup lock of " + dir, e);
        }
        try {
            if (jvmLock.getHoldCount() > 1) {
                return work.run(); // re-entered: this thread already holds the file lock
            }
            try (FileChannel ch = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                 FileLock ignored = acquire(ch)) {
                if (CLEANED.putIfAbsent(dir, Boolean.TRUE) == null) {
                    removeLeftovers();
                }
                return work.run();
            }
        } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
            throw new BackupFailedException("cannot use the backup directory " + dir + ": " + e
                    + "; check that it is writable and has free space", e);
        } finally {
            jvmLock.unlock();
        }
    }

    private FileLock acquire(FileChannel ch) throws IOException, BackupFailedException {
        long deadline = System.currentTimeMillis() + LOCK_WAIT_MS;
        while (true) {
            FileLock lock = ch.tryLock();
            if (lock != null) return lock;
            if (System.currentTimeMillis() > deadline) {
                throw new BackupFailedException("timed out after " + LOCK_WAIT_MS / 1000
                        + " s waiting for the lock " + dir.resolve(LOCK_FILE)
                        + " held by another process; is a backup or restore of this directory stuck?", null);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackupFailedException("interrupted while waiting for " + dir.resolve(LOCK_FILE), e);
            }
        }
    }

    /** The in-JVM lock must be one per directory, however its path is spelt (symbolic links). */
    private Path realPath() {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir;
        }
    }

    /** A new, empty, owner-only temporary file whose name no listing takes for a backup. */
    public Path newTempFile(String suffix) throws IOException {
        String name = TEMP_PREFIX + ProcessHandle.current().pid() + '-'
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + suffix;
        return Files.createFile(dir.resolve(name), FilePermissions.ownerOnlyFile());
    }

    /**
     * Publishes a verified backup: renames the file into place, then writes the manifest
     * (temp, fsync, rename), then fsyncs the directory. Must run inside {@link #exclusively}.
     * Picks the next free millisecond if the name is taken.
     */
    public StoredBackup publish(Path tempFile, BackupName name, Manifest manifest) throws IOException {
        BackupName free = name;
        while (Files.exists(dir.resolve(free.fileName())) || Files.exists(dir.resolve(free.manifestName()))) {
            free = free.nextMillisecond();
        }
        Manifest m = free.equals(name) ? manifest : manifest.withFile(free.fileName());
        Path file = dir.resolve(free.fileName());
        move(tempFile, file);
        Path manifestFile = dir.resolve(free.manifestName());
        try {
            writeAtomically(manifestFile, m.toJson());
        } catch (IOException | RuntimeException e) {
            // Without its manifest the file is no backup: do not leave it taking the space.
            Files.deleteIfExists(file);
            FilePermissions.fsyncDirectory(dir);
            throw e;
        }
        return new StoredBackup(file, manifestFile, free, m);
    }

    private void writeAtomically(Path target, String text) throws IOException {
        Path tmp = newTempFile(".json");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
        FilePermissions.fsyncDirectory(dir);
    }

    /** Deletes a backup: its file first, then its manifest, so no manifest is left without its reason to exist. */
    public void delete(StoredBackup backup) throws IOException {
        Files.deleteIfExists(backup.file());
        Files.deleteIfExists(backup.manifestFile());
        FilePermissions.fsyncDirectory(dir);
    }

    /**
     * The backups of {@code database} that are surely its own (SPEC section 5, {@link
     * BackupOwnership}), newest first: for the engine's own work, such as retention, which must
     * never touch a backup whose owner is unclear.
     */
    public List<StoredBackup> list(Path database) throws IOException {
        return owned(database, null).backups();
    }

    /**
     * Which backups here are {@code database}'s, by {@link BackupOwnership}'s rule.
     *
     * @param original the path the database had when the backups were taken (--original), or null
     */
    public BackupOwnership.Owned owned(Path database, Path original) throws IOException {
        return BackupOwnership.decide(dir, database, original, named(BackupName.stem(database)));
    }

    /** Every backup named for {@code stem} that has a readable manifest, whoever it was taken of; newest first. */
    private List<StoredBackup> named(String stem) throws IOException {
        List<StoredBackup> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, stem + "_*.json")) {
            for (Path manifestFile : files) {
                String fileName = manifestFile.getFileName().toString();
                BackupName name = BackupName.parse(fileName.substring(0, fileName.length() - ".json".length()), stem);
                if (name == null) continue;
                Path file = dir.resolve(name.fileName());
                if (!Files.exists(file)) continue;
                try {
                    out.add(new StoredBackup(file, manifestFile, name, Manifest.fromJson(Files.readString(manifestFile))));
                } catch (NoSuchFileException gone) {
                    // deleted by retention meanwhile
                } catch (RuntimeException unreadable) {
                    // a manifest that does not parse makes no backup; verify reports it
                }
            }
        }
        out.sort(Comparator.comparing((StoredBackup b) -> b.name().created()).reversed());
        return out;
    }

    /**
     * Removes temporary files of processes that are gone, and backup files whose manifest was
     * never written (the process died between the two renames). Runs holding the lock.
     */
    private void removeLeftovers() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                String n = p.getFileName().toString();
                if (n.startsWith(TEMP_PREFIX)) {
                    if (!ownerAlive(n)) Files.deleteIfExists(p);
                } else if (BackupName.looksLikeBackup(n)
                        && !Files.exists(dir.resolve(n + ".json"))) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static boolean ownerAlive(String tempName) {
        String rest = tempName.substring(TEMP_PREFIX.length());
        int dash = rest.indexOf('-');
        try {
            long pid = Long.parseLong(rest.substring(0, dash));
            if (pid == ProcessHandle.current().pid()) return false; // ours, and we hold the lock: stale
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
