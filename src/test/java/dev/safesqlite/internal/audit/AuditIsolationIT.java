package dev.safesqlite.internal.audit;

import dev.safesqlite.testing.ChildJvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log beside the application's own logging, in child JVMs built the way a user's
 * classpath is: the packaged engine jar (logback-core relocated inside), its dependencies, and
 * the application's logging stack with its own configuration file. Both must work untouched:
 * the application's log file has its lines and our SLF4J mirror, its logging reports no
 * warning or error about its setup, and our audit file rolls and verifies.
 *
 * <p>An integration test (mvn verify): it needs the shaded jar that {@code package} makes.
 */
class AuditIsolationIT {

    private static final int EVENTS = 60;
    private static final Path STACKS = Path.of(System.getProperty("safesqlite.it.stacks"));

    @TempDir
    Path dir;

    @Test
    void besideLogbackClassic12OnSlf4j17() throws Exception {
        String out = runApp("logback12", List.of("-Dlogback.configurationFile=" + writeLogbackXml()));
        assertNoStatusProblems(out);
    }

    @Test
    void besideLogbackClassic15() throws Exception {
        String out = runApp("logback15", List.of("-Dlogback.configurationFile=" + writeLogbackXml()));
        assertNoStatusProblems(out);
    }

    @Test
    void besideLog4j2() throws Exception {
        runApp("log4j2", List.of("-Dlog4j2.configurationFile=" + writeLog4j2Xml()));
    }

    /** Runs the application on {@code stack}; returns its standard output. */
    private String runApp(String stack, List<String> jvmOptions) throws Exception {
        Path audit = dir.resolve("backups/audit.log");
        ChildJvm app = ChildJvm.start(dir, stack, classpath(stack), jvmOptions,
                AppWithItsOwnLogging.class, audit.toString(), String.valueOf(EVENTS));
        int exit = app.waitFor(Duration.ofMinutes(2));
        assertEquals(0, exit, "stdout: " + app.stdout() + "\nstderr: " + app.stderr());
        // SLF4J binding complaints, Log4j's status logger and JVM errors all go to stderr.
        assertEquals("", app.stderr().strip(), "the application's logging complained");

        List<String> appLog = Files.readAllLines(dir.resolve("app.log"));
        assertTrue(appLog.get(0).startsWith("INFO app - started on "), appLog.get(0));
        assertEquals("INFO app - done", appLog.get(appLog.size() - 1));
        assertEquals(EVENTS, count(appLog, "INFO app - work "));
        assertEquals(EVENTS, count(appLog, "INFO safesqlite.audit - backup.created db=/data/app.db"));
        assertEquals(1, count(appLog, "WARN safesqlite.audit - statement.unprotected"));

        AuditChain.Report report = AuditChain.verify(audit);
        assertTrue(report.intact(), report.toString());
        assertEquals(EVENTS + 1, report.lines());
        assertTrue(new RolledFiles(audit).archives().size() >= 3, "rolled: " + report.files());
        return app.stdout();
    }

    private static void assertNoStatusProblems(String logbackStatus) {
        assertTrue(logbackStatus.contains("|-INFO"), "the status listener printed nothing: " + logbackStatus);
        assertFalse(logbackStatus.contains("|-WARN") || logbackStatus.contains("|-ERROR"), logbackStatus);
    }

    private static long count(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).count();
    }

    private String classpath(String stack) throws IOException {
        List<String> entries = new ArrayList<>();
        entries.add(System.getProperty("safesqlite.it.engineJar"));
        entries.addAll(jars(STACKS.resolve("engine-deps")));
        entries.addAll(jars(STACKS.resolve(stack)));
        entries.add(System.getProperty("safesqlite.it.testClasses"));
        return String.join(File.pathSeparator, entries);
    }

    private static List<String> jars(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".jar")).map(Path::toString).sorted().toList();
        }
    }

    /** The application's own configuration: its own rolling file, so same-named classes would clash. */
    private Path writeLogbackXml() throws IOException {
        return Files.writeString(dir.resolve("logback.xml"), """
                <configuration>
                  <statusListener class="ch.qos.logback.core.status.OnConsoleStatusListener"/>
                  <appender name="FILE" class="ch.qos.logback.core.rolling.RollingFileAppender">
                    <file>%1$s/app.log</file>
                    <rollingPolicy class="ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy">
                      <fileNamePattern>%1$s/app.%%d{yyyy-MM-dd}.%%i.log.gz</fileNamePattern>
                      <maxFileSize>10MB</maxFileSize>
                      <maxHistory>7</maxHistory>
                      <totalSizeCap>100MB</totalSizeCap>
                    </rollingPolicy>
                    <encoder><pattern>%%level %%logger - %%msg%%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="FILE"/></root>
                </configuration>
                """.formatted(dir));
    }

    private Path writeLog4j2Xml() throws IOException {
        return Files.writeString(dir.resolve("log4j2.xml"), """
                <Configuration status="WARN">
                  <Appenders>
                    <RollingFile name="FILE" fileName="%1$s/app.log" filePattern="%1$s/app-%%d{yyyy-MM-dd}-%%i.log.gz">
                      <PatternLayout pattern="%%level %%logger - %%msg%%n"/>
                      <Policies><SizeBasedTriggeringPolicy size="10 MB"/></Policies>
                    </RollingFile>
                  </Appenders>
                  <Loggers><Root level="INFO"><AppenderRef ref="FILE"/></Root></Loggers>
                </Configuration>
                """.formatted(dir));
    }
}
