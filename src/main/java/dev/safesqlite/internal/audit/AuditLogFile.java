package dev.safesqlite.internal.audit;

import ch.qos.logback.core.status.Status;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log file (SPEC section 6): appends each event as one hash-chained JSON line,
 * flushed before {@link #record} returns, through logback's rolling appender.
 *
 * <p>Several threads and several processes may append to the same log. Each append holds the
 * log's lock ({@link AuditFileLock}) and, under it, finds the hash of the line before: kept in
 * memory while this process wrote last, otherwise read from the end of the file, so a line
 * another process wrote in between is chained too. A roll made by another process (the file on
 * disk is no longer the one this appender has open) reopens the appender, which reads size, day
 * and archive index afresh from the directory.
 *
 * <p>One instance per file per JVM: get it from {@link AuditLogs#open}, and close it once for
 * each open. Nothing here throws to the application; see {@link AuditFileFailures}.
 */
public final class AuditLogFile implements AuditSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("safesqlite.audit");

    private final RolledFiles files;
    private final RollingLimits limits;
    private final Clock clock;
    private final AuditFileLock lock;
    private final AuditFileFailures failures;
    private volatile boolean closed;
    private int opens; // guarded by AuditLogs.class

    // Guarded by the lock.
    private RollingLineAppender appender;
    private Object openedFileKey;
    private long sizeAfterLastWrite = -1;
    private String lastLineHash;

    AuditLogFile(Path file, RollingLimits limits, Clock clock) {
        this.files = new RolledFiles(file);
        this.limits = limits;
        this.clock = clock;
        this.lock = AuditFileLock.forWriting(files.lockFile());
        this.failures = new AuditFileFailures(files.active());
    }

    public Path path() {
        return files.active();
    }

    @Override
    public void record(AuditEvent event) {
        String body;
        try {
            body = AuditLine.body(event, Thread.currentThread().getName());
        } catch (RuntimeException | StackOverflowError e) {
            // A field value that cannot be written (a map that contains itself, a failing toString).
            LOG.error("audit event {} of {} could not be written as JSON", event.event(), event.db(), e);
            return;
        }
        try {
            if (closed) throw new IOException("the audit log was closed");
            try (AuditFileLock.Held held = lock.acquire()) {
                appendOrReport(body);
            }
        } catch (IOException | RuntimeException e) {
            // The lock file cannot be created or locked: typically the directory is unwritable.
            failures.failed(e);
            failures.lost(AuditLine.unchained(body));
        }
    }

    /** Under the lock. */
    private void appendOrReport(String body) {
        String line = null;
        try {
            if (closed) throw new IOException("the audit log was closed"); // while this event waited
            long now = clock.millis();
            BasicFileAttributes before = openCurrentFile(now);
            String prev;
            if (before.size() == sizeAfterLastWrite && lastLineHash != null) {
                prev = lastLineHash; // this process wrote last: no need to read the file
            } else {
                LastLine last = LastLine.of(files.active());
                if (last != null && !last.terminated()) {
                    terminateTornLine();
                    before = attributes();
                }
                prev = hashOfLineBefore(last);
            }
            line = AuditLine.withPrev(body, prev);
            byte[] bytes = AuditLine.utf8(line + "\n");
            boolean rolled = appender.append(bytes, now);
            checkWritten(before, rolled, bytes.length);
            lastLineHash = AuditChain.hash(AuditLine.utf8(line));
            failures.written();
        } catch (IOException | RuntimeException | LinkageError e) {
            // LinkageError: a classpath that lost the relocated logback (a bad repackaging) must
            // cost the audit file, not the application's statement.
            // Reopen on the next event: logback's own recovery would wait, and drop lines meanwhile.
            dropAppender();
            failures.failed(e);
            failures.lost(line != null ? line : AuditLine.unchained(body));
        }
    }

    /**
     * Makes sure the appender writes to the file now at the active path, and returns that file's
     * attributes as they are before this append.
     */
    private BasicFileAttributes openCurrentFile(long now) throws IOException {
        BasicFileAttributes current = attributes();
        if (appender == null || current == null || !Objects.equals(current.fileKey(), openedFileKey)) {
            // First use, after a failure, or another process rolled (or someone removed) the file.
            dropAppender();
            appender = RollingLineAppender.start(files, limits, now);
            current = attributes();
            if (current == null) throw new NoSuchFileException(files.active().toString(), null, "vanished after opening");
            openedFileKey = current.fileKey();
        } else if (current.size() != sizeAfterLastWrite) {
            appender.countBytesWrittenElsewhere(current.size() - sizeAfterLastWrite);
        }
        return current;
    }

    /**
     * The hash for the new line's {@code prev} when this process did not write last: of the
     * active file's last line; if the file is empty (nothing written since it was created), of
     * the newest archive's last line; if there is none, {@link AuditChain#GENESIS}.
     */
    private String hashOfLineBefore(LastLine lastInActiveFile) throws IOException {
        LastLine last = lastInActiveFile;
        if (last == null) {
            List<Path> archives = files.archives();
            if (!archives.isEmpty()) last = LastLine.of(archives.get(archives.size() - 1));
        }
        return last == null ? AuditChain.GENESIS : AuditChain.hash(last.bytes());
    }

    /**
     * A write cut off by a full disk or a crash left a line without its newline. The new line
     * must not be glued to it: end the fragment, which stays in the chain, where the verifier
     * names it as the damaged line.
     */
    private void terminateTornLine() throws IOException {
        try (FileOutputStream out = new FileOutputStream(files.active().toFile(), true)) {
            out.write('\n');
        }
        appender.countBytesWrittenElsewhere(1);
    }

    /**
     * Whether the line reached the disk is read from the file itself: logback's file stream
     * swallows write errors (it reports them as status and retries later).
     */
    private void checkWritten(BasicFileAttributes before, boolean rolled, int bytes) throws IOException {
        Status error = appender.drainError();
        BasicFileAttributes after = attributes();
        long expected = (rolled ? 0 : before.size()) + bytes;
        if (after == null || after.size() != expected) {
            throw new IOException(error == null ? "the line did not reach the file" : error.getMessage(),
                    error == null ? null : error.getThrowable());
        }
        if (error != null) {
            // The line is written, but rolling had trouble (gzip, deleting old files): say so.
            LOG.warn("SafeSQLite audit log {}: {}", files.active(), error.getMessage(), error.getThrowable());
        }
        openedFileKey = after.fileKey();
        sizeAfterLastWrite = after.size();
    }

    private BasicFileAttributes attributes() throws IOException {
        try {
            return Files.readAttributes(files.active(), BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private void dropAppender() {
        if (appender != null) appender.stop();
        appender = null;
        openedFileKey = null;
        sizeAfterLastWrite = -1;
    }

    /** Releases this open; the file is closed when the last one is released. */
    @Override
    public void close() {
        AuditLogs.release(this);
    }

    /** Called by {@link AuditLogs} once the last open is released. */
    void shutdown() {
        closed = true;
        try (AuditFileLock.Held held = lock.acquire()) {
            dropAppender();
        } catch (IOException e) {
            dropAppender();
        } finally {
            lock.close();
        }
    }

    void opened() {
        opens++;
    }

    int released() {
        return --opens;
    }
}
