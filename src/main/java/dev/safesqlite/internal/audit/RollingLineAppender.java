package dev.safesqlite.internal.audit;

import dev.safesqlite.internal.backup.FilePermissions;

import ch.qos.logback.core.ContextBase;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedFileNamingAndTriggeringPolicy;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * logback-core's {@link RollingFileAppender}, configured in code: rolls the audit file by size
 * and by UTC day, gzips what it rolled, deletes archives past the history and total-size caps.
 * It writes the bytes it is given; the hash chain and the cross-process lock are the caller's.
 *
 * <p>Everything runs on a private logback {@link ContextBase}: no logback-classic, no
 * configuration file, no console output, nothing shared with the application's logging. In the
 * engine jar logback-core itself is relocated (see src/pom.xml), so the application's own logback,
 * whatever its version, never sees these classes.
 */
final class RollingLineAppender {

    private final SynchronousContext context;
    private final SizeAndTimeBasedFileNamingAndTriggeringPolicy<byte[]> trigger;
    private final TimeBasedRollingPolicy<byte[]> policy;
    private final OwnerOnlyRollingFileAppender appender;

    private RollingLineAppender(RolledFiles files, RollingLimits limits, long nowMillis) {
        context = new SynchronousContext();
        context.setName("safesqlite-audit");

        // This is how SizeAndTimeBasedRollingPolicy wires itself, done by hand so that our clock
        // is set before the policy first reads the time (tests roll days with an injected clock).
        trigger = new SizeAndTimeBasedFileNamingAndTriggeringPolicy<>();
        trigger.setMaxFileSize(new FileSize(limits.maxFileSize()));
        trigger.setCurrentTime(nowMillis);

        policy = new TimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setFileNamePattern(files.archivePattern());
        policy.setTimeBasedFileNamingAndTriggeringPolicy(trigger);
        policy.setMaxHistory(limits.maxHistoryDays());
        policy.setTotalSizeCap(new FileSize(limits.totalSizeCap()));

        appender = new OwnerOnlyRollingFileAppender(files);
        appender.setContext(context);
        appender.setName("safesqlite-audit");
        appender.setFile(files.active().toString());
        appender.setEncoder(new LineEncoder());
        appender.setImmediateFlush(true);
        // Unbuffered: each line goes to the file in one write, and a failed write leaves no stale
        // bytes behind in a buffer to be flushed later, out of order.
        appender.setBufferSize(new FileSize(1));
        policy.setParent(appender);
        appender.setRollingPolicy(policy);
    }

    /** Opens (creating if needed) the active file; throws with logback's reason if it cannot. */
    static RollingLineAppender start(RolledFiles files, RollingLimits limits, long nowMillis) throws IOException {
        if (files.active().toString().indexOf('%') >= 0) {
            throw new IOException("the audit file path must not contain '%' (logback reads it as a pattern): " + files.active());
        }
        RollingLineAppender a = new RollingLineAppender(files, limits, nowMillis);
        a.appender.getEncoder().start();
        a.policy.start();
        a.appender.start();
        if (!a.appender.isStarted()) {
            Status error = a.context.drainError();
            a.stop();
            throw new IOException(error == null ? "logback did not start the appender" : error.getMessage(),
                    error == null ? null : error.getThrowable());
        }
        return a;
    }

    /**
     * Writes one line (with its newline), rolling first when the size or day says so; returns
     * whether it rolled. (The file's identity cannot tell: the new file may get the inode the
     * rolled one just freed.)
     */
    boolean append(byte[] line, long nowMillis) {
        trigger.setCurrentTime(nowMillis);
        long rollsBefore = appender.rolls;
        appender.doAppend(line);
        return appender.rolls != rollsBefore;
    }

    /**
     * logback counts the bytes it wrote itself toward {@code maxFileSize}; lines that other
     * processes appended since must count too, or this process would let the file grow past it.
     */
    void countBytesWrittenElsewhere(long bytes) {
        if (bytes > 0) policy.getLengthCounter().add(bytes);
    }

    /** The latest error logback reported (write, roll, gzip or cleanup), once. */
    Status drainError() {
        return context.drainError();
    }

    void stop() {
        appender.stop();
        context.stop();
    }

    /**
     * A logback context whose background work runs on the calling thread. Rolling then renames,
     * gzips and deletes while the caller holds the cross-process lock, so another process never
     * sees a half-made archive or picks the same archive index.
     */
    private static final class SynchronousContext extends ContextBase {
        private final ExecutorService callerRuns = new CallerRunsExecutor();
        private volatile Status lastError;

        SynchronousContext() {
            getStatusManager().add((StatusListener) status -> {
                if (status.getLevel() == Status.ERROR) lastError = status;
            });
        }

        Status drainError() {
            Status e = lastError;
            lastError = null;
            return e;
        }

        @Override
        public ExecutorService getExecutorService() {
            return callerRuns;
        }

        @Override
        public ExecutorService getAlternateExecutorService() {
            return callerRuns;
        }
    }

    private static final class CallerRunsExecutor extends AbstractExecutorService {
        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    /**
     * Creates the active file and the archives owner-only (logback would use the umask), and
     * counts its rolls.
     */
    private static final class OwnerOnlyRollingFileAppender extends RollingFileAppender<byte[]> {
        private final RolledFiles files;
        private long rolls; // read and written under the audit log's lock only

        OwnerOnlyRollingFileAppender(RolledFiles files) {
            this.files = files;
        }

        @Override
        public void openFile(String fileName) throws IOException {
            FilePermissions.createFileIfMissing(Path.of(fileName));
            super.openFile(fileName);
        }

        @Override
        public void rollover() {
            super.rollover();
            rolls++;
            try {
                files.archives().forEach(FilePermissions::restrict);
            } catch (IOException e) {
                addError("could not list the rolled audit files to restrict their permissions", e);
            }
        }
    }

    /** The lines arrive as finished UTF-8 bytes. */
    private static final class LineEncoder extends EncoderBase<byte[]> {
        @Override
        public byte[] headerBytes() {
            return null;
        }

        @Override
        public byte[] encode(byte[] line) {
            return line;
        }

        @Override
        public byte[] footerBytes() {
            return null;
        }
    }
}
