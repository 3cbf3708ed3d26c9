package dev.safesqlite.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The JDKs the agent is tested on: the one running the tests (17) and the newest on the machine. */
final class Jdks {

    static final Path NEWEST = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    private Jdks() {
    }

    /** Both; {@link ChildRun#on} skips the newest where a machine does not have it. */
    static List<Path> all() {
        return List.of(Path.of(System.getProperty("java.home")), NEWEST);
    }

    static Path java(Path jdk) {
        return jdk.resolve("bin/java");
    }

    /** The major version of a JDK, from its {@code release} file. */
    static int feature(Path jdk) throws Exception {
        for (String line : Files.readAllLines(jdk.resolve("release"))) {
            if (line.startsWith("JAVA_VERSION=")) {
                String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                return Integer.parseInt(v.split("[.+-]")[0]);
            }
        }
        throw new IllegalStateException("no JAVA_VERSION in " + jdk.resolve("release"));
    }
}
