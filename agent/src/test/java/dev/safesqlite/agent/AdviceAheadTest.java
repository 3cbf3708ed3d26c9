package dev.safesqlite.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The advice worked out ahead on the agent's background thread, against the real sqlite-jdbc of
 * the test class path: it is what the classes get, only for the very bytes it was made from, and
 * a class that loads before the thread began is not kept waiting for it. (The child-JVM ITs run
 * the same under {@code -javaagent}.)
 */
class AdviceAheadTest {

    private static final String BRIDGE = "dev/safesqlite/agent/bootstrap/SqliteCalls";
    private static final ClassLoader SYSTEM = ClassLoader.getSystemClassLoader();

    @Test
    void everyAdvisedClassIsAdvisedFromTheBytesWorkedOutAhead() throws Exception {
        AdviceAhead ahead = AdviceAhead.start();
        ahead.classLoading("java/sql/DriverManager"); // what sets the thread working
        for (String name : SqliteInstrumentation.ADVISED) {
            byte[] original = classFile(name);
            byte[] advised = ahead.advised(SYSTEM, name, original);
            assertNotNull(advised, name);
            assertTrue(calls(advised, BRIDGE), name + " calls the bridge");
            assertTrue(!calls(original, BRIDGE), name + " did not before");
        }
    }

    @Test
    void aClassLoadedBeforeTheThreadBeganIsAdvisedOnTheLoadingThread() throws Exception {
        AdviceAhead ahead = AdviceAhead.start(); // never told that JDBC is in use: its thread stays waiting
        byte[] advised = ahead.advised(SYSTEM, "org.sqlite.JDBC", classFile("org.sqlite.JDBC"));
        assertNotNull(advised);
        assertTrue(calls(advised, BRIDGE));
    }

    @Test
    void otherBytesOrAnotherLoaderAreNotGivenTheResultWorkedOutAhead() throws Exception {
        AdviceAhead ahead = AdviceAhead.start();
        ahead.classLoading("org/sqlite/SQLiteDataSource");
        byte[] original = classFile("org.sqlite.JDBC");
        assertNotNull(ahead.advised(SYSTEM, "org.sqlite.JDBC", original));
        // a class file another agent changed first: the watcher advises these bytes on the spot
        byte[] changed = Arrays.copyOf(original, original.length + 1);
        assertNull(ahead.advised(SYSTEM, "org.sqlite.JDBC", changed));
        try (URLClassLoader webApp = new URLClassLoader(new URL[0], SYSTEM)) {
            assertNull(ahead.advised(webApp, "org.sqlite.JDBC", original));
        }
        assertNull(ahead.advised(SYSTEM, "org.sqlite.SQLiteConfig", classFile("org.sqlite.SQLiteConfig")));
    }

    @Test
    void theWatcherAdvisesOnTheSpotWhatWasNotWorkedOutAhead() throws Exception {
        AdviceAhead ahead = AdviceAhead.start();
        ahead.classLoading("java/sql/Connection");
        SqliteClassWatcher watcher = new SqliteClassWatcher(ahead);
        byte[] original = classFile("org.sqlite.jdbc3.JDBC3Statement");
        byte[] fromAhead = watcher.transform(SYSTEM, "org/sqlite/jdbc3/JDBC3Statement", null, null, original);
        assertArrayEquals(ahead.advised(SYSTEM, "org.sqlite.jdbc3.JDBC3Statement", original), fromAhead);
        try (URLClassLoader webApp = new URLClassLoader(new URL[0], SYSTEM)) {
            byte[] onTheSpot = watcher.transform(webApp, "org/sqlite/jdbc3/JDBC3Statement", null, null, original);
            assertNotNull(onTheSpot);
            assertTrue(calls(onTheSpot, BRIDGE));
        }
        assertNull(watcher.transform(SYSTEM, "org/sqlite/SQLiteConfig", null, null, classFile("org.sqlite.SQLiteConfig")));
    }

    /**
     * The list of ByteBuddy classes loaded ahead is a hint, but a stale one (after a ByteBuddy
     * upgrade) would quietly lose its gain: every name on it is a class of this ByteBuddy.
     */
    @Test
    void theByteBuddyClassesLoadedAheadAreThisByteBuddysClasses() throws Exception {
        assertTrue(SqliteInstrumentation.BYTE_BUDDY_PACKAGE_PREFIX.isEmpty(), "not relocated in this module's tests");
        List<String> missing = new ArrayList<>();
        int listed = 0;
        try (InputStream in = AdviceAhead.class.getResourceAsStream("bytebuddy-classes.list")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                listed++;
                try {
                    Class.forName(line.trim(), false, SYSTEM);
                } catch (ClassNotFoundException e) {
                    missing.add(line.trim());
                }
            }
        }
        assertTrue(listed > 500, "the list has " + listed + " classes");
        assertTrue(missing.isEmpty(), "not in this ByteBuddy (regenerate the list as its header says): " + missing);
    }

    private static byte[] classFile(String name) throws IOException {
        try (InputStream in = SYSTEM.getResourceAsStream(name.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    /** The class file names {@code internalName} in its constant pool. */
    private static boolean calls(byte[] classFile, String internalName) {
        return new String(classFile, StandardCharsets.ISO_8859_1).contains(internalName);
    }
}
