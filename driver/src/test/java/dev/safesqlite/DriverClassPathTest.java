package dev.safesqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain driver user's runtime class path is the driver, the engine, sqlite-jdbc, the SLF4J
 * API and Gson, nothing more (SPEC section 13), and a setting that needs an optional part
 * names the artifact to add.
 */
@ExtendWith(AwaitBackgroundWork.class)
class DriverClassPathTest {

    /** {@code groupId:artifactId:type:version:scope}, as maven-dependency-plugin's list goal writes each line. */
    private static final Pattern LINE = Pattern.compile("^\\s+([\\w.-]+):([\\w.-]+):jar:[\\w.-]+:(compile|runtime)\\b.*");

    @TempDir
    Path dir;

    @Test
    void theRuntimeClassPathIsTheDriverTheEngineSqliteJdbcSlf4jApiAndGson() throws Exception {
        // Written by the build (driver/pom.xml, dependency:list at generate-test-resources).
        Path list = Path.of("target", "runtime-dependencies.txt");
        assertTrue(Files.isRegularFile(list), list.toAbsolutePath() + " is missing; run the tests through Maven");
        Set<String> artifacts = new TreeSet<>();
        for (String line : Files.readAllLines(list)) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) artifacts.add(m.group(1) + ":" + m.group(2));
        }
        // logback-core is the engine's build-time input only: shaded and relocated into the engine
        // jar, and left out of the pom the engine publishes (its dependency-reduced pom, checked by
        // PublishedPomIT in the engine). Inside this build the reactor still sees the full pom.
        artifacts.remove("ch.qos.logback:logback-core");
        assertEquals(new TreeSet<>(Set.of(
                "dev.safesqlite:safesqlite-core",
                "org.xerial:sqlite-jdbc",
                "org.slf4j:slf4j-api",
                "com.google.code.gson:gson")), artifacts, "the driver's runtime dependencies, as listed in " + list);
    }

    @Test
    void zstdCompressionWithoutZstdJniFailsTheConnectionNamingTheArtifactToAdd() throws Exception {
        // This test's class path is a driver user's: zstd-jni is not on it.
        assertThrows(ClassNotFoundException.class, () -> Class.forName("com.github.luben.zstd.ZstdOutputStream"));
        Path db = dir.resolve("app.db");
        SQLException e = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:safesqlite:" + db + "?safesqlite.backup.compress=zstd").close());
        assertEquals("SafeSQLite setting safesqlite.backup.compress=zstd (from URL query parameter) needs "
                + "com.github.luben:zstd-jni, which is not on the class path: add that dependency (the version "
                + "safesqlite-bom manages) or use gzip.", e.getMessage());
        assertEquals("SS002", e.getSQLState());
    }

    @Test
    void gzipNeedsNothingOptional() throws Exception {
        Path db = dir.resolve("app.db");
        try (var c = DriverManager.getConnection("jdbc:safesqlite:" + db + "?safesqlite.backup.compress=gzip");
             var st = c.createStatement()) {
            st.execute("CREATE TABLE t(x)");
            st.execute("INSERT INTO t VALUES (1)");
            st.execute("DROP TABLE t");
        }
        try (var files = Files.list(dir.resolve("backups"))) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().endsWith(".db.gz")), "a gzip pre-ddl backup");
        }
    }
}
