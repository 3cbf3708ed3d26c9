package dev.safesqlite.agent;

import static dev.safesqlite.agent.TestClassPath.SLF4J_SIMPLE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.safesqlite.testing.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One backup per destructive statement, never two: a connection of the jdbc:safesqlite: driver is
 * the driver's to protect, and a pooled connection is one sqlite-jdbc connection underneath.
 */
class DoubleProtectionIT {

    @TempDir
    Path tmp;

    static Stream<Arguments> fronts() {
        return Jdks.all().stream().flatMap(jdk -> Stream.of(
                        new String[] {"drivermanager", "jdbc:safesqlite:"},
                        new String[] {"hikari", "jdbc:safesqlite:"},
                        new String[] {"hikari", "jdbc:sqlite:"})
                .map(f -> Arguments.of(jdk, f[0], f[1])));
    }

    @ParameterizedTest(name = "{2} through {1} on {0}")
    @MethodSource("fronts")
    void aDestructiveStatementIsBackedUpOnce(Path jdk, String how, String prefix) throws Exception {
        Path db = TestDatabases.ordersDatabase(tmp.resolve("app.db"), 20);

        ChildRun.Result run = ChildRun.on(jdk).agent("backup.on.startup=false")
                .classPath(TestClassPath.withDriver(SLF4J_SIMPLE))
                .legacyApp(how, prefix + db + "?safesqlite.backup.on.startup=false", "execute:DROP TABLE orders");

        assertEquals(0, run.exitCode(), run.output());
        assertEquals(List.of("pre-ddl"), Backups.reasons(tmp.resolve("backups")), run.output());
        assertEquals(1, run.events("backup.created"), run.output());
        assertEquals(0, run.events("backup.reused"), "no second front saw the statement: " + run.output());
    }
}
