package dev.safesqlite.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.safesqlite.internal.engine.ProtectedDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * A passing negative test prints nothing (its expected ERROR lines and stack traces are kept and
 * dropped); a failing test prints its output under its name. Runs example tests through the JUnit
 * Platform as surefire does, with extension autodetection on as junit-platform.properties sets it.
 */
class OutputOnFailureTest {

    /** A negative test as the suite has many: the engine logs an ERROR with a stack trace, as expected. */
    static final class PassingNegativeTest {
        @Test
        void backupIntoAFileFails() throws Exception {
            Path dir = Files.createTempDirectory("quiet");
            Path db = TestDatabases.ordersDatabase(dir.resolve("app.db"), 3);
            Files.writeString(dir.resolve("file"), "x");
            ProtectedDatabase pd = ProtectedDatabase.detached(db, TestDatabases.settings("backup.dir",
                    dir.resolve("file/b").toString()));
            try {
                pd.backup("manual", null, pd.settings(), false);
            } catch (Exception expected) {
                return;
            }
            throw new AssertionError("the backup should have failed");
        }
    }

    static final class FailingTest {
        @Test
        void failsAfterPrinting() {
            System.err.println("the line that explains the failure");
            System.out.println("and one on standard output");
            throw new AssertionError("a real failure");
        }
    }

    private static String run(Class<?> testClass, long expectedFailures) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream to = new PrintStream(printed, true, StandardCharsets.UTF_8);
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        try {
            System.setOut(to);
            System.setErr(to);
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass))
                    .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true").build(), summary);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals(1, summary.getSummary().getTestsStartedCount(), testClass.getName());
        assertEquals(expectedFailures, summary.getSummary().getTotalFailureCount(), printed.toString(StandardCharsets.UTF_8));
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aPassingNegativeTestPrintsNothing() {
        String printed = run(PassingNegativeTest.class, 0);
        assertEquals("", printed, "no ERROR line, no stack trace on a green run");
    }

    @Test
    void aFailingTestShowsWhatItPrintedUnderItsName() {
        String printed = run(FailingTest.class, 1);
        assertTrue(printed.contains("---- output of the failed FailingTest.failsAfterPrinting() ----"), printed);
        assertTrue(printed.contains("the line that explains the failure"), printed);
        assertTrue(printed.contains("and one on standard output"), printed);
        assertFalse(printed.contains("output of the failed class"), "the class itself passed: " + printed);
    }
}
