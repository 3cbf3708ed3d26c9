package dev.safesqlite.internal.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rolling is logback's; these tests check that it is wired as the settings say, with the chain kept. */
class AuditLogRollingTest {

    private static final int DAYS = 30;

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("backups").resolve("audit.log");
    }

    private static void record(AuditLogFile log, int n) {
        log.record(AuditEvent.of("backup.created", "/data/app.db").with("n", n).with("reason", "pre-ddl")
                .with("sql", "DROP TABLE orders_" + n).build());
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(p -> p.getFileName().toString()).toList();
    }

    private static List<Integer> numbers(Path file) throws IOException {
        return AuditFiles.allRecords(file).stream().map(r -> r.get("n").getAsInt()).toList();
    }

    @Test
    void rollsBySizeIntoGzippedArchivesInOrder() throws IOException {
        MutableClock clock = new MutableClock("2026-03-01T10:00:00Z");
        try (AuditLogFile log = AuditLogs.open(file(), new RollingLimits(1024, DAYS, 0), clock)) {
            for (int n = 0; n < 40; n++) record(log, n);
        }
        List<Path> archives = new RolledFiles(file()).archives();
        assertTrue(archives.size() >= 5, "archives: " + names(archives));
        for (int i = 0; i < archives.size(); i++) {
            assertEquals("audit.2026-03-01." + i + ".log.gz", archives.get(i).getFileName().toString());
            assertTrue(isGzip(archives.get(i)), archives.get(i) + " is not gzip");
            // logback rolls once the file has reached the limit, before the next line.
            long size = AuditFiles.bytes(archives.get(i)).length;
            assertTrue(size >= 1024 && size < 1024 + 400, archives.get(i) + " holds " + size + " bytes");
        }
        assertEquals(IntStream.range(0, 40).boxed().toList(), numbers(file()));
        AuditChain.Report report = AuditChain.verify(file());
        assertTrue(report.intact(), report.toString());
        assertEquals(40, report.lines());
        assertTrue(report.startsAtGenesis());
    }

    @Test
    void rollsByUtcDayAndTheChainCrossesTheRoll() throws IOException {
        MutableClock clock = new MutableClock("2026-03-01T23:59:00Z");
        try (AuditLogFile log = AuditLogs.open(file(), new RollingLimits(10_000_000, DAYS, 0), clock)) {
            for (int n = 0; n < 3; n++) record(log, n);
            clock.set("2026-03-02T00:00:01Z");
            for (int n = 3; n < 5; n++) record(log, n);
            clock.set("2026-03-04T12:00:00Z"); // a day without events leaves no file
            record(log, 5);
        }
        RolledFiles files = new RolledFiles(file());
        assertEquals(List.of("audit.2026-03-01.0.log.gz", "audit.2026-03-02.0.log.gz"), names(files.archives()));
        List<String> day1 = AuditFiles.lines(files.archives().get(0));
        List<String> day2 = AuditFiles.lines(files.archives().get(1));
        List<String> active = AuditFiles.lines(file());
        assertEquals(List.of(3, 2, 1), List.of(day1.size(), day2.size(), active.size()));

        assertEquals(AuditFiles.hashOf(day1.get(2)), prevOf(day2.get(0)));
        assertEquals(AuditFiles.hashOf(day2.get(1)), prevOf(active.get(0)));
        assertTrue(AuditChain.verify(file()).intact());
    }

    @Test
    void deletesArchivesOlderThanTheHistory() throws IOException {
        MutableClock clock = new MutableClock("2026-03-01T12:00:00Z");
        try (AuditLogFile log = AuditLogs.open(file(), new RollingLimits(10_000_000, 2, 0), clock)) {
            for (int day = 0; day < 6; day++) {
                record(log, day);
                clock.advance(Duration.ofDays(1));
            }
        }
        // On 03-06 the file of 03-05 was rolled; two days of history keep 03-04 and 03-05.
        assertEquals(List.of("audit.2026-03-04.0.log.gz", "audit.2026-03-05.0.log.gz"),
                names(new RolledFiles(file()).archives()));
        AuditChain.Report report = AuditChain.verify(file());
        assertTrue(report.intact(), report.toString());
        assertFalse(report.startsAtGenesis(), "the first lines were deleted with their files");
        assertEquals(List.of(3, 4, 5), numbers(file()));
    }

    @Test
    void keepsArchivesWithinTheTotalSizeCapDroppingTheOldest() throws IOException {
        long cap = 2048;
        MutableClock clock = new MutableClock("2026-03-01T10:00:00Z");
        try (AuditLogFile log = AuditLogs.open(file(), new RollingLimits(1024, DAYS, cap), clock)) {
            for (int n = 0; n < 200; n++) record(log, n);
        }
        List<Path> archives = new RolledFiles(file()).archives();
        long total = 0;
        for (Path a : archives) total += Files.size(a);
        assertTrue(total <= cap, "archives hold " + total + " bytes: " + names(archives));
        assertFalse(archives.get(0).getFileName().toString().equals("audit.2026-03-01.0.log.gz"), "oldest kept");
        List<Integer> kept = numbers(file());
        assertEquals(199, kept.get(kept.size() - 1));
        assertEquals(IntStream.rangeClosed(kept.get(0), 199).boxed().toList(), kept, "a contiguous tail is kept");
        assertTrue(AuditChain.verify(file()).intact());
    }

    @Test
    void filesAreReadableByTheirOwnerOnly() throws IOException {
        MutableClock clock = new MutableClock("2026-03-01T10:00:00Z");
        try (AuditLogFile log = AuditLogs.open(file(), new RollingLimits(512, DAYS, 0), clock)) {
            for (int n = 0; n < 10; n++) record(log, n);
        }
        RolledFiles files = new RolledFiles(file());
        assertEquals("rwx------", permissions(file().getParent()));
        assertEquals("rw-------", permissions(file()));
        assertEquals("rw-------", permissions(files.lockFile()));
        for (Path archive : files.archives()) assertEquals("rw-------", permissions(archive), archive.toString());
    }

    @Test
    void aReopenedLogGoesOnWithTheChain() throws IOException {
        MutableClock clock = new MutableClock("2026-03-01T10:00:00Z");
        RollingLimits limits = new RollingLimits(700, DAYS, 0);
        try (AuditLogFile log = AuditLogs.open(file(), limits, clock)) {
            for (int n = 0; n < 5; n++) record(log, n);
        }
        try (AuditLogFile log = AuditLogs.open(file(), limits, clock)) {
            for (int n = 5; n < 10; n++) record(log, n);
        }
        AuditChain.Report report = AuditChain.verify(file());
        assertTrue(report.intact(), report.toString());
        assertEquals(10, report.lines());
        assertTrue(report.files().size() > 1);
    }

    @Test
    void oneInstancePerFileUntilTheLastCloseEvenWhenNamedDifferently() {
        RollingLimits limits = new RollingLimits(1024, DAYS, 0);
        AuditLogFile first = AuditLogs.open(file(), limits);
        AuditLogFile second = AuditLogs.open(dir.resolve("backups/../backups/audit.log"), limits);
        assertTrue(first == second);
        first.close();
        AuditLogFile third = AuditLogs.open(file(), limits);
        assertTrue(third == second, "still open once");
        third.close();
        second.close();
        AuditLogFile fresh = AuditLogs.open(file(), limits);
        assertFalse(fresh == second, "closed by its last close");
        fresh.close();
    }

    @Test
    void aSymlinkedDirectoryIsTheSameFile() throws IOException {
        Path real = Files.createDirectories(dir.resolve("backups"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        RollingLimits limits = new RollingLimits(1024, DAYS, 0);
        try (AuditLogFile viaLink = AuditLogs.open(link.resolve("audit.log"), limits);
             AuditLogFile direct = AuditLogs.open(real.resolve("audit.log"), limits)) {
            assertTrue(viaLink == direct);
            record(viaLink, 0);
            record(direct, 1);
        }
        assertTrue(AuditChain.verify(link.resolve("audit.log")).intact());
    }

    /**
     * The database's first connection opens its log before the backup directory exists (it is
     * made with the first backup); a later open through the other spelling, once it exists, must
     * still get the same writer: two would take two in-JVM locks on one lock file, and the JVM
     * refuses the second OS lock (OverlappingFileLockException) instead of waiting: an event lost.
     */
    @Test
    void aSymlinkedDirectoryIsTheSameFileWhenTheLogDirectoryIsMadeAfterTheFirstOpen() throws IOException {
        Path real = Files.createDirectories(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        RollingLimits limits = new RollingLimits(1024, DAYS, 0);
        try (AuditLogFile viaLink = AuditLogs.open(link.resolve("backups/audit.log"), limits)) {
            Files.createDirectories(real.resolve("backups"));
            try (AuditLogFile direct = AuditLogs.open(real.resolve("backups/audit.log"), limits)) {
                assertTrue(viaLink == direct, viaLink.path() + " and " + direct.path());
                record(viaLink, 0);
                record(direct, 1);
            }
        }
        assertTrue(AuditChain.verify(link.resolve("backups/audit.log")).intact());
    }

    private static String prevOf(String line) {
        JsonObject j = com.google.gson.JsonParser.parseString(line).getAsJsonObject();
        return j.get("prev").getAsString();
    }

    private static boolean isGzip(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static String permissions(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
