package dev.safesqlite.agent;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * Pieces of this test run's class path, to give each child JVM exactly the class path its
 * scenario needs: an unmodified application has sqlite-jdbc and its own code, nothing of
 * SafeSQLite.
 */
enum TestClassPath {
    SQLITE_JDBC("sqlite-jdbc-"),
    SAMPLES("safesqlite-samples", "/samples/target/classes"),
    AGENT_TESTS("/agent/target/test-classes"),
    CORE("safesqlite-core-0", "/src/target/classes"),
    CORE_TESTS("safesqlite-core-0.1.0-SNAPSHOT-tests", "/src/target/test-classes"),
    DRIVER("safesqlite-driver", "/driver/target/classes"),
    HIKARI("HikariCP-"),
    SLF4J_API("slf4j-api-"),
    SLF4J_SIMPLE("slf4j-simple-"),
    GSON("gson-"),
    ZSTD("zstd-jni-");

    private final String[] fragments;

    TestClassPath(String... fragments) {
        this.fragments = fragments;
    }

    String path() {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String unix = entry.replace(File.separatorChar, '/');
            for (String f : fragments) {
                if (unix.contains(f) && !(this == CORE && unix.contains("-tests"))) return entry;
            }
        }
        throw new IllegalStateException(name() + " is not on the test class path: " + System.getProperty("java.class.path"));
    }

    static String of(TestClassPath... pieces) {
        List<String> paths = new ArrayList<>();
        for (TestClassPath p : pieces) paths.add(p.path());
        return String.join(File.pathSeparator, paths);
    }

    /** What an application using the jdbc:safesqlite: driver has on its class path. */
    static TestClassPath[] withDriver(TestClassPath... more) {
        List<TestClassPath> all = new ArrayList<>(List.of(SAMPLES, SQLITE_JDBC, HIKARI, DRIVER, CORE, GSON, ZSTD, SLF4J_API));
        all.addAll(List.of(more));
        return all.toArray(new TestClassPath[0]);
    }
}
