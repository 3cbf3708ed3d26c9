package dev.safesqlite.agent;

import static dev.safesqlite.agent.TestClassPath.AGENT_TESTS;
import static dev.safesqlite.agent.TestClassPath.SQLITE_JDBC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import dev.safesqlite.testing.TestDatabases;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code agentmain}: attached to a JVM that has already loaded and used sqlite-jdbc, the agent
 * retransforms those classes, and the next connection is protected.
 */
class DynamicAttachIT {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "on {0}")
    @MethodSource("dev.safesqlite.agent.Jdks#all")
    void classesLoadedBeforeTheAgentAreRetransformed(Path jdk) throws Exception {
        Path db = TestDatabases.ordersDatabase(tmp.resolve("app.db"), 12);
        // JDK 21+ warns when an agent is loaded into a running JVM unless the JVM allows it up front
        Process app = ChildRun.on(jdk).option("-XX:+EnableDynamicAgentLoading").classPath(AGENT_TESTS, SQLITE_JDBC)
                .start("dev.safesqlite.agent.apps.RunningApplication", "jdbc:sqlite:" + db, "DROP TABLE orders");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("READY")) seen.append(line).append('\n');
            assertTrue(line != null, "the application never got ready: " + seen);

            VirtualMachine vm = VirtualMachine.attach(Long.toString(app.pid()));
            try {
                vm.loadAgent(ChildRun.AGENT_JAR.toString(), "backup.on.startup=false");
            } finally {
                vm.detach();
            }
            app.getOutputStream().write('\n');
            app.getOutputStream().close();
            String rest = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(app.waitFor(60, TimeUnit.SECONDS));

            assertEquals(0, app.exitValue(), rest);
            assertTrue(rest.contains("DONE"), rest);
            assertFalse(rest.contains("loaded dynamically"), "no JDK 21+ warning with the flag: " + rest);
            assertEquals(List.of("pre-ddl"), Backups.reasons(tmp.resolve("backups")), rest);
            assertEquals(12, Backups.rows(Backups.files(tmp.resolve("backups")).get(0), "orders"));
        } finally {
            app.destroyForcibly();
        }
    }
}
