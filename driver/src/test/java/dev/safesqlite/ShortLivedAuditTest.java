package dev.safesqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.internal.audit.AuditChain;
import dev.safesqlite.testing.ChildJvm;
import dev.safesqlite.testing.ShortLivedApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same short-lived program (a test, a batch job: open through jdbc:safesqlite:, write, close,
 * exit at once), run three times in JVMs of its own against one database and backup directory:
 * audit.log must hold every event of every run, the ones written while the JVM shuts down too
 * (the shutdown backup, the startup work the exit waits for), in one hash chain across the runs.
 *
 * <p>What each run did is read from its SLF4J mirror (slf4j-simple on the child's stderr), which
 * gets every event before the file does; the file's lines of that run carry its pid.
 */
class ShortLivedAuditTest {

    private static final Pattern MIRRORED = Pattern.compile("safesqlite\\.audit - ([a-z]+\\.[a-z]+) db=");
    private static final Pattern EVENT = Pattern.compile("\"event\":\"([a-z]+\\.[a-z]+)\"");
    private static final Pattern PID = Pattern.compile("\"pid\":(\\d+)");
    private static final Pattern PRINTED_PID = Pattern.compile("done pid=(\\d+)");

    @TempDir
    Path tmp;

    @Test
    void everyEventOfEveryRunIsInTheAuditFileIncludingTheShutdownBackup() throws Exception {
        Path db = ShortLivedApp.existingDatabase(tmp.resolve("job/app.db"));
        long lines = 0;
        for (int run = 1; run <= 3; run++) {
            ChildJvm child = run("run" + run, AuditedShortLivedApp.class, db.toString(), "backup.on.shutdown=true");
            Map<String, Integer> inFile = eventsInFileOf(db, pid(child));
            assertEquals(mirrored(child), inFile, "run " + run + ": the audit file against the SLF4J mirror; " + child.stderr());
            // What the program did, whatever the timing of its startup work: the DDL's backup,
            // the DROP the backup covered, and the backup the shutdown hook took after main returned.
            List<String> ofRun = linesOf(db, pid(child));
            assertEquals(1, count(ofRun, "backup.created", "pre-ddl"), "run " + run + ": " + ofRun);
            assertEquals(1, count(ofRun, "backup.reused", "pre-ddl"), "run " + run + ": " + ofRun);
            assertEquals(1, count(ofRun, "backup.created", "shutdown"), "run " + run + ": " + ofRun);
            lines += inFile.values().stream().mapToInt(Integer::intValue).sum();
        }
        assertChainIntact(db, lines);
    }

    @Test
    void eventsOfTheStartupWorkTheExitWaitsForAreInTheAuditFile() throws Exception {
        // The program exits as its startup backup (of a 30 MB database) begins; whatever the
        // startup work reported, before the exit or while the exit waited for it, must be in the file.
        Path db = ShortLivedApp.existingDatabase(tmp.resolve("job/app.db"));
        long lines = 0;
        for (int run = 1; run <= 3; run++) {
            ChildJvm child = run("run" + run, AfterStartupCheckApp.class, db.toString());
            Map<String, Integer> mirrored = mirrored(child);
            assertEquals(1, mirrored.getOrDefault("verify.ok", 0), "run " + run + ": " + child.stderr());
            List<String> all = Files.readAllLines(auditLog(db));
            Map<String, Integer> inFile = count(all.subList((int) lines, all.size()));
            assertEquals(mirrored, inFile, "run " + run + ": the audit file against the SLF4J mirror; " + child.stderr());
            lines = all.size();
        }
        assertChainIntact(db, lines);
    }

    private void assertChainIntact(Path db, long lines) throws Exception {
        AuditChain.Report report = AuditChain.verify(auditLog(db));
        assertTrue(report.intact() && report.startsAtGenesis(), report.toString());
        assertEquals(lines, report.lines(), report.toString());
        // What `safesqlite audit DB --verify` runs.
        AuditVerification v = SafeSqlite.of(db).verifyAudit();
        assertTrue(v.intact(), v.toString());
    }

    private ChildJvm run(String name, Class<?> main, String... args) throws Exception {
        ChildJvm child = ChildJvm.start(tmp, name, ChildJvm.testClassPath(), List.of(), main, args);
        assertEquals(0, child.waitFor(Duration.ofMinutes(2)), child.stderr());
        assertTrue(child.stdout().contains("done"), child.stdout() + child.stderr());
        assertFalse(child.stderr().contains("audit event not written"), child.stderr());
        assertFalse(child.stderr().contains("cannot write the audit log"), child.stderr());
        return child;
    }

    private static Path auditLog(Path db) {
        return db.resolveSibling("backups/audit.log");
    }

    private static String pid(ChildJvm child) {
        Matcher m = PRINTED_PID.matcher(child.stdout());
        assertTrue(m.find(), child.stdout());
        return m.group(1);
    }

    /** The events the child's SLF4J mirror reported, by name. */
    private static Map<String, Integer> mirrored(ChildJvm child) {
        Map<String, Integer> counts = new TreeMap<>();
        Matcher m = MIRRORED.matcher(child.stderr());
        while (m.find()) counts.merge(m.group(1), 1, Integer::sum);
        assertFalse(counts.isEmpty(), child.stderr());
        return counts;
    }

    private static Map<String, Integer> eventsInFileOf(Path db, String pid) throws Exception {
        return count(linesOf(db, pid));
    }

    private static List<String> linesOf(Path db, String pid) throws Exception {
        List<String> of = new ArrayList<>();
        for (String line : Files.readAllLines(auditLog(db))) {
            Matcher p = PID.matcher(line);
            if (p.find() && p.group(1).equals(pid)) of.add(line);
        }
        return of;
    }

    private static long count(List<String> lines, String event, String reason) {
        return lines.stream().filter(l -> l.contains("\"event\":\"" + event + "\"") && l.contains("\"reason\":\"" + reason + "\""))
                .count();
    }

    private static Map<String, Integer> count(List<String> lines) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String line : lines) {
            Matcher m = EVENT.matcher(line);
            assertTrue(m.find(), line);
            counts.merge(m.group(1), 1, Integer::sum);
        }
        return counts;
    }
}
