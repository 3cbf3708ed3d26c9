package dev.safesqlite.internal.audit;

import dev.safesqlite.internal.backup.FilePermissions;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises everything that touches one audit log, across threads and processes: each append
 * (read the last hash, write one line, maybe roll) and each verification.
 *
 * <p>Two levels, because the OS lock is held per process: a second {@link FileChannel#lock} from
 * the same JVM throws {@code OverlappingFileLockException} instead of waiting. So threads of one
 * JVM queue on an in-JVM lock (one per lock file, shared by writer and verifier), and the holder
 * then takes the OS lock on {@code audit.log.lock}. The lock lives in its own file because the
 * audit file itself is renamed when it rolls.
 */
final class AuditFileLock implements AutoCloseable {

    private static final ConcurrentMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private final Path lockFile;
    private final boolean forWriting;
    private final ReentrantLock inJvm;
    private FileChannel channel; // guarded by inJvm

    private AuditFileLock(Path lockFile, boolean forWriting) {
        this.lockFile = lockFile.toAbsolutePath().normalize();
        this.forWriting = forWriting;
        this.inJvm = IN_JVM.computeIfAbsent(this.lockFile, k -> new ReentrantLock());
    }

    /** Exclusive; creates the lock file (and its directory) when missing. */
    static AuditFileLock forWriting(Path lockFile) {
        return new AuditFileLock(lockFile, true);
    }

    /** Shared with other readers; needs no write access to the log's directory. */
    static AuditFileLock forReading(Path lockFile) {
        return new AuditFileLock(lockFile, false);
    }

    Held acquire() throws IOException {
        inJvm.lock();
        // An interrupted thread would close the channel inside lock() (it is interruptible) and
        // break the log for every thread; the flag is set again when the lock is released.
        boolean interrupted = Thread.interrupted();
        try {
            FileChannel c = channel();
            FileLock osLock = c == null ? null : c.lock(0, Long.MAX_VALUE, !forWriting);
            return new Held(osLock, interrupted);
        } catch (IOException | RuntimeException | Error e) {
            release(null, interrupted);
            throw e;
        }
    }

    private FileChannel channel() throws IOException {
        if (channel != null && channel.isOpen()) return channel;
        if (forWriting) {
            FilePermissions.createFileIfMissing(lockFile);
            channel = FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } else if (Files.exists(lockFile)) {
            channel = FileChannel.open(lockFile, StandardOpenOption.READ);
        } else {
            return null; // no writer has ever run here: nothing to wait for
        }
        return channel;
    }

    private void release(FileLock osLock, boolean interrupted) {
        try {
            if (osLock != null && osLock.isValid()) osLock.release();
        } catch (IOException e) {
            // Closing the channel releases it anyway; nothing useful to do here.
        } finally {
            inJvm.unlock();
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        inJvm.lock();
        try {
            if (channel != null) channel.close();
        } catch (IOException e) {
            // The descriptor is gone either way.
        } finally {
            channel = null;
            inJvm.unlock();
        }
    }

    /** The lock, held until closed. */
    final class Held implements AutoCloseable {
        private final FileLock osLock;
        private final boolean interrupted;

        private Held(FileLock osLock, boolean interrupted) {
            this.osLock = osLock;
            this.interrupted = interrupted;
        }

        @Override
        public void close() {
            release(osLock, interrupted);
        }
    }
}
