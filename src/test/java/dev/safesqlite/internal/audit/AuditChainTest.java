package dev.safesqlite.internal.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tampering with a written log, the way someone with a shell would, and what verify says. */
class AuditChainTest {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("audit.log");
    }

    /** {@code events} events; a small size limit spreads them over several (gzipped) files. */
    private Path writeLog(int events, long maxFileSize) {
        MutableClock clock = new MutableClock("2026-03-01T10:00:00Z");
        try (AuditLogFile log = AuditLogs.open(file(), new RollingLimits(maxFileSize, 30, 0), clock)) {
            for (int n = 0; n < events; n++) {
                log.record(AuditEvent.of("retention.deleted", "/data/app.db").with("n", n)
                        .with("backup", "/data/backups/app_2026030" + n + ".db").build());
            }
        }
        return file();
    }

    private static void edit(Path file, int lineNumber, String from, String to) throws IOException {
        List<String> lines = new ArrayList<>(AuditFiles.lines(file));
        String edited = lines.get(lineNumber - 1).replace(from, to);
        assertFalse(edited.equals(lines.get(lineNumber - 1)), "nothing to edit");
        lines.set(lineNumber - 1, edited);
        AuditFiles.rewrite(file, lines);
    }

    private static AuditChain.Break brokenAt(Path file) throws IOException {
        AuditChain.Report report = AuditChain.verify(file);
        assertFalse(report.intact(), "tampering went unnoticed: " + report);
        return report.firstBreak().orElseThrow();
    }

    @Test
    void anUntouchedLogIsIntactFromTheFirstLineEver() throws IOException {
        AuditChain.Report report = AuditChain.verify(writeLog(10, 10_000_000));
        assertTrue(report.intact(), report.toString());
        assertEquals(10, report.lines());
        assertTrue(report.startsAtGenesis());
        assertEquals(List.of(file()), report.files());
    }

    @Test
    void anEditedLineBreaksTheLinkToTheNextOne() throws IOException {
        Path file = writeLog(10, 10_000_000);
        edit(file, 4, "\"n\":3", "\"n\":33");
        AuditChain.Break b = brokenAt(file);
        assertEquals(file, b.file());
        assertEquals(5, b.line());
        assertTrue(b.reason().contains("line 4 was changed"), b.reason());
    }

    @Test
    void theLastLineHasNothingAfterItToVouchForIt() throws IOException {
        // The limit of any hash chain: nothing after the last line vouches for it (see docs/audit.md).
        Path file = writeLog(10, 10_000_000);
        edit(file, 10, "\"n\":9", "\"n\":99");
        assertTrue(AuditChain.verify(file).intact());
    }

    @Test
    void aDeletedLineBreaksTheChainWhereItWas() throws IOException {
        Path file = writeLog(10, 10_000_000);
        List<String> lines = new ArrayList<>(AuditFiles.lines(file));
        lines.remove(3);
        AuditFiles.rewrite(file, lines);
        assertEquals(4, brokenAt(file).line());
    }

    @Test
    void reorderedLinesBreakTheChain() throws IOException {
        Path file = writeLog(10, 10_000_000);
        List<String> lines = new ArrayList<>(AuditFiles.lines(file));
        Collections.swap(lines, 3, 4);
        AuditFiles.rewrite(file, lines);
        assertEquals(4, brokenAt(file).line());
    }

    @Test
    void anInsertedLineBreaksTheChain() throws IOException {
        Path file = writeLog(10, 10_000_000);
        List<String> lines = new ArrayList<>(AuditFiles.lines(file));
        lines.add(5, lines.get(2)); // a copy of a real line, with a well-formed prev
        AuditFiles.rewrite(file, lines);
        assertEquals(6, brokenAt(file).line());
    }

    @Test
    void aLineThatIsNoLongerARecordIsNamedItself() throws IOException {
        Path file = writeLog(10, 10_000_000);
        List<String> lines = new ArrayList<>(AuditFiles.lines(file));
        lines.set(6, "nothing to see here");
        AuditFiles.rewrite(file, lines);
        AuditChain.Break b = brokenAt(file);
        assertEquals(7, b.line());
        assertTrue(b.reason().startsWith("not an audit record"), b.reason());
    }

    @Test
    void anEditInsideAGzippedArchiveIsFound() throws IOException {
        Path file = writeLog(30, 1024);
        List<Path> archives = new RolledFiles(file).archives();
        assertTrue(archives.size() >= 3);
        Path second = archives.get(1);
        edit(second, 2, "retention.deleted", "retention.kept");
        AuditChain.Break b = brokenAt(file);
        assertEquals(second, b.file());
        assertEquals(3, b.line());
    }

    @Test
    void aDeletedRolledFileBreaksTheChainAtTheFileAfterIt() throws IOException {
        Path file = writeLog(30, 1024);
        List<Path> archives = new RolledFiles(file).archives();
        Files.delete(archives.get(1));
        AuditChain.Break b = brokenAt(file);
        assertEquals(archives.get(2), b.file());
        assertEquals(1, b.line());
        assertTrue(b.reason().contains(archives.get(0).getFileName().toString()), b.reason());
    }

    @Test
    void aLogWhoseOldestFilesWereRemovedIsIntactButNotFromGenesis() throws IOException {
        Path file = writeLog(30, 1024);
        Files.delete(new RolledFiles(file).archives().get(0));
        AuditChain.Report report = AuditChain.verify(file);
        assertTrue(report.intact(), report.toString());
        assertFalse(report.startsAtGenesis());
    }

    @Test
    void aTornLastLineIsReportedAndTheNextWriterDoesNotGlueOntoIt() throws IOException {
        Path file = writeLog(5, 10_000_000);
        Files.writeString(file, "{\"ts\":\"2026-03-01T10:00:00.000Z\",\"event\":\"backup.cr",
                java.nio.file.StandardOpenOption.APPEND);
        assertEquals(6, brokenAt(file).line());

        writeLog(1, 10_000_000); // another process (or this one, later) appends after the crash
        List<String> lines = AuditFiles.lines(file);
        assertEquals(7, lines.size());
        assertTrue(lines.get(6).startsWith("{\"ts\""), "the new line stands on its own: " + lines.get(6));
        assertEquals(AuditFiles.hashOf(lines.get(5)), com.google.gson.JsonParser.parseString(lines.get(6))
                .getAsJsonObject().get("prev").getAsString(), "the fragment stays in the chain");
        assertEquals(6, brokenAt(file).line(), "and is still the damage that verify names");
    }

    @Test
    void aMissingLogVerifiesAsEmpty() throws IOException {
        AuditChain.Report report = AuditChain.verify(dir.resolve("nothing-here/audit.log"));
        assertTrue(report.intact());
        assertEquals(0, report.lines());
    }
}
