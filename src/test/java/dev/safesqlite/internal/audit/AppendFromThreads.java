package dev.safesqlite.internal.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A writer process for {@link AuditLogConcurrencyTest}: announces itself ready, waits for the
 * go file so that all writer processes start together, then appends from several threads.
 *
 * <p>Arguments: audit file, writer name, threads, events per thread, max file size, ready file,
 * go file.
 */
public final class AppendFromThreads {

    public static void main(String[] args) throws Exception {
        Path auditFile = Path.of(args[0]);
        String writer = args[1];
        int threads = Integer.parseInt(args[2]);
        int perThread = Integer.parseInt(args[3]);
        long maxFileSize = Long.parseLong(args[4]);
        Path ready = Path.of(args[5]);
        Path go = Path.of(args[6]);

        try (AuditLogFile log = AuditLogs.open(auditFile, new RollingLimits(maxFileSize, 30, 0))) {
            Files.createFile(ready);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.exists(go)) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("no go file after 60 s");
                Thread.sleep(1);
            }
            append(log, writer, threads, perThread);
        }
    }

    static void append(AuditLogFile log, String writer, int threads, int perThread) throws InterruptedException {
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String name = writer + "-t" + t;
            Thread thread = new Thread(() -> {
                for (int n = 0; n < perThread; n++) {
                    log.record(AuditEvent.of("backup.reused", "/data/app.db").with("writer", name).with("n", n)
                            .with("sql", "DELETE FROM orders WHERE created < ?").build());
                }
            }, name);
            thread.start();
            running.add(thread);
        }
        for (Thread t : running) t.join();
    }
}
