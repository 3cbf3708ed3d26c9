package dev.safesqlite.internal.audit;

import dev.safesqlite.testing.ChildJvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many writers on one log: no line lost, none interleaved, one unbroken chain, across rolls. */
class AuditLogConcurrencyTest {

    @TempDir
    Path dir;

    @Test
    void manyThreadsOfOneJvm() throws Exception {
        Path file = dir.resolve("audit.log");
        try (AuditLogFile log = AuditLogs.open(file, new RollingLimits(16 * 1024, 30, 0))) {
            AppendFromThreads.append(log, "jvm", 8, 500);
        }
        assertEveryEventOnceInAnIntactChain(file, Map.of("jvm", 8), 500);
    }

    @Test
    void twoJvmsAppendingAtOnce() throws Exception {
        Path file = dir.resolve("audit.log");
        Path go = dir.resolve("go");
        int threads = 4;
        int perThread = 1250; // 2 JVMs x 4 threads x 1,250 = 10,000 events
        // Small files, so that both processes roll many times while the other one writes.
        String maxFileSize = String.valueOf(64 * 1024);
        String classpath = System.getProperty("java.class.path");
        ChildJvm a = ChildJvm.start(dir, "a", classpath, List.of(), AppendFromThreads.class, file.toString(), "a",
                String.valueOf(threads), String.valueOf(perThread), maxFileSize, dir.resolve("ready-a").toString(), go.toString());
        ChildJvm b = ChildJvm.start(dir, "b", classpath, List.of(), AppendFromThreads.class, file.toString(), "b",
                String.valueOf(threads), String.valueOf(perThread), maxFileSize, dir.resolve("ready-b").toString(), go.toString());
        awaitFiles(dir.resolve("ready-a"), dir.resolve("ready-b"));
        Files.createFile(go);
        assertEquals(0, a.waitFor(Duration.ofMinutes(3)), a.stderr());
        assertEquals(0, b.waitFor(Duration.ofMinutes(3)), b.stderr());

        List<JsonObject> records = assertEveryEventOnceInAnIntactChain(file, Map.of("a", threads, "b", threads), perThread);
        assertTrue(new RolledFiles(file).archives().size() >= 10, "both processes rolled the file");
        long switches = 0;
        for (int i = 1; i < records.size(); i++) {
            if (records.get(i).get("pid").getAsLong() != records.get(i - 1).get("pid").getAsLong()) switches++;
        }
        assertTrue(switches > 1, "the two processes did not write at the same time; nothing was tested");
    }

    /** Every (writer thread, n) exactly once, each line a whole record, the chain intact. */
    private static List<JsonObject> assertEveryEventOnceInAnIntactChain(Path file, Map<String, Integer> threadsPerWriter,
                                                                        int perThread) throws IOException {
        AuditChain.Report report = AuditChain.verify(file);
        assertTrue(report.intact(), report.toString());
        assertTrue(report.startsAtGenesis());
        int expected = threadsPerWriter.values().stream().mapToInt(t -> t * perThread).sum();
        assertEquals(expected, report.lines());

        List<JsonObject> records = AuditFiles.allRecords(file);
        Map<String, Set<Integer>> seen = new HashMap<>();
        for (JsonObject r : records) {
            assertTrue(seen.computeIfAbsent(r.get("writer").getAsString(), w -> new java.util.HashSet<>())
                    .add(r.get("n").getAsInt()), "twice: " + r);
            assertEquals(r.get("writer").getAsString(), r.get("thread").getAsString());
        }
        Set<String> writers = threadsPerWriter.entrySet().stream()
                .flatMap(e -> java.util.stream.IntStream.range(0, e.getValue()).mapToObj(t -> e.getKey() + "-t" + t))
                .collect(Collectors.toSet());
        assertEquals(writers, seen.keySet());
        seen.values().forEach(ns -> assertEquals(perThread, ns.size()));
        return records;
    }

    private static void awaitFiles(Path... files) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (Path f : files) {
            while (!Files.exists(f)) {
                if (System.nanoTime() > deadline) throw new AssertionError(f + " did not appear: the writer did not start");
                Thread.sleep(5);
            }
        }
    }
}
