package dev.safesqlite.internal.audit;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What one audit event costs the thread that records it, side by side with its parts and with
 * the floor (appending the same bytes to a file and flushing, nothing else). Not a test: run it
 * by hand, on a quiet machine.
 *
 * <pre>
 * mvn -B -q -pl src test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp src/target/test-classes:src/target/classes:$(cat src/target/cp.txt) \
 *      dev.safesqlite.internal.audit.AuditAppendBenchmark [events per round] [threads]
 * </pre>
 */
public final class AuditAppendBenchmark {

    private static final int ROUNDS = 7;

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "audit-bench");
        AuditEvent event = AuditEvent.of("backup.created", "/data/app.db").with("reason", "pre-ddl")
                .with("sql", "DROP TABLE orders").with("backup", "/data/backups/app_20261121-101530-123_pre-ddl.db")
                .with("bytes", 157286400L).with("ms", 306).with("sha256", "ab".repeat(32)).with("verify", "ok").build();
        String line = AuditLine.withPrev(AuditLine.body(event, "main"), AuditChain.GENESIS) + "\n";
        System.out.printf("one line: %d bytes; %d events per round, %d thread(s), median of %d rounds%n",
                line.length(), events, threads, ROUNDS);

        report("format the JSON line", time(events, threads, () -> AuditLine.body(event, "main")));
        try (FileOutputStream raw = new FileOutputStream(dir.resolve("raw.log").toFile(), true)) {
            byte[] bytes = AuditLine.utf8(line);
            report("floor: write + flush the bytes", time(events, threads, () -> {
                synchronized (raw) {
                    write(raw, bytes);
                }
            }));
        }
        try (AuditLogFile log = AuditLogs.open(dir.resolve("audit.log"), new RollingLimits(10L << 20, 30, 1L << 30))) {
            report("AuditLogFile.record (lock, chain, logback append, check)", time(events, threads, () -> log.record(event)));
        }
        System.out.println("files in " + dir);
    }

    private static void write(FileOutputStream out, byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Median nanoseconds per event over the rounds; the first round warms up and is dropped. */
    private static double time(int events, int threads, Runnable work) throws InterruptedException {
        double[] perEvent = new double[ROUNDS];
        for (int round = -1; round < ROUNDS; round++) {
            Thread[] workers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                workers[t] = new Thread(() -> {
                    for (int i = 0; i < events / threads; i++) work.run();
                });
            }
            long start = System.nanoTime();
            for (Thread w : workers) w.start();
            for (Thread w : workers) w.join();
            long elapsed = System.nanoTime() - start;
            if (round >= 0) perEvent[round] = (double) elapsed / events;
        }
        Arrays.sort(perEvent);
        return perEvent[ROUNDS / 2];
    }

    private static void report(String what, double nanosPerEvent) {
        System.out.printf("%-58s %8.2f us/event  (%,.0f events/s)%n", what, nanosPerEvent / 1000, 1e9 / nanosPerEvent);
    }
}
