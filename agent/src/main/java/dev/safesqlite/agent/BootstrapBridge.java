package dev.safesqlite.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts the bridge classes ({@code dev.safesqlite.agent.bootstrap}) into the bootstrap class
 * loader. Advice runs inside sqlite-jdbc's classes, in whatever loader the application gave them;
 * the bootstrap loader is the one every loader can see. Only the bridge goes there: it uses
 * java.base types only (java.sql is not in the bootstrap loader).
 */
final class BootstrapBridge {

    private BootstrapBridge() {
    }

    static void install(AgentJar agentJar, Instrumentation instrumentation) throws IOException {
        Path bridge = Files.createTempFile("safesqlite-bootstrap", ".jar");
        bridge.toFile().deleteOnExit();
        try (OutputStream file = Files.newOutputStream(bridge); JarOutputStream out = new JarOutputStream(file)) {
            for (JarEntry entry : Collections.list(agentJar.jarFile().entries())) {
                String name = entry.getName();
                if (name.startsWith(AgentJar.BOOTSTRAP) && name.endsWith(".class")) {
                    out.putNextEntry(new JarEntry(name.substring(AgentJar.BOOTSTRAP.length())));
                    out.write(agentJar.read(entry));
                    out.closeEntry();
                }
            }
        }
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(bridge.toFile()));
    }

    /** True when an agent already put the bridge there (a second attach to the same JVM). */
    static boolean present() {
        try {
            Class.forName("dev.safesqlite.agent.bootstrap.SqliteCalls", false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
