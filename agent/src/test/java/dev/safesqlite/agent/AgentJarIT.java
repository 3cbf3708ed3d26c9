package dev.safesqlite.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Where README sends a user (agent/target/) there is one jar to run, and it works as -javaagent;
 * beside it only the release's sources and javadoc jars, which say what they are in their names.
 */
class AgentJarIT {

    @Test
    void everyJarTheBuildLeavesBesideTheAgentJarIsAnAgent() throws Exception {
        Path dir = ChildRun.AGENT_JAR.toAbsolutePath().getParent();
        List<Path> jars;
        try (Stream<Path> files = Files.list(dir)) {
            jars = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".jar") && !n.endsWith("-sources.jar") && !n.endsWith("-javadoc.jar"))
                    .sorted().map(dir::resolve).toList();
        }
        assertEquals(List.of(dir.resolve("safesqlite-agent.jar")), jars,
                "a jar without Premain-Class beside the agent fails with 'Failed to find Premain-Class'");
        try (JarFile jar = new JarFile(jars.get(0).toFile())) {
            assertNotNull(jar.getManifest().getMainAttributes().getValue("Premain-Class"));
        }
    }
}
