package dev.safesqlite.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts the bridge classes ({@code dev.safesqlite.agent.bootstrap}) into the bootstrap class
 * loader. Advice runs inside sqlite-jdbc's classes, in whatever loader the application gave them;
 * the bootstrap loader is the one every loader can see. Only the bridge goes there: it uses
 * java.base types only (java.sql is not in the bootstrap loader).
 *
 * <p>The classes are defined directly, by {@link BootClassDefiner}: appending a jar to the
 * bootstrap search path instead makes the JVM print "Sharing is only supported for boot loader
 * classes because bootstrap classpath has been appended" at every start and turn class-data
 * sharing off for the application's classes. The append remains the fallback.
 */
final class BootstrapBridge {

    private static final String CLASS_LIST = "classes.list";

    private BootstrapBridge() {
    }

    static void install(AgentJar agentJar, Instrumentation instrumentation) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (String path : classFiles(agentJar)) {
            JarEntry entry = agentJar.entry(AgentJar.BOOTSTRAP, path);
            if (entry == null) throw new IOException(damaged(AgentJar.BOOTSTRAP + path));
            String className = path.substring(0, path.length() - ".class".length());
            classes.put(className.replace('/', '.'), agentJar.read(entry));
        }
        try {
            defineDirectly(classes, instrumentation);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            appendJar(classes, instrumentation);
        }
    }

    /**
     * The bridge's class files, from the list the build writes beside them: looking them up by
     * name spares premain a walk over the jar's 11,000 entries (10 ms of every JVM's start).
     */
    private static List<String> classFiles(AgentJar agentJar) throws IOException {
        JarEntry list = agentJar.entry(AgentJar.BOOTSTRAP, CLASS_LIST);
        if (list == null) throw new IOException(damaged(AgentJar.BOOTSTRAP + CLASS_LIST));
        List<String> paths = new ArrayList<>();
        for (String line : new String(agentJar.read(list), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) paths.add(line.trim());
        }
        return paths;
    }

    private static String damaged(String entry) {
        return "the agent jar has no " + entry + ": it is damaged or was repacked; use safesqlite-agent.jar as the build made it";
    }

    /**
     * {@link BootClassDefiner} is defined in a loader of its own, so that its unnamed module, and
     * no other, is given access to {@code jdk.internal.misc} (the application's class path shares
     * the system loader's unnamed module).
     */
    private static void defineDirectly(Map<String, byte[]> classes, Instrumentation instrumentation)
            throws ReflectiveOperationException, IOException {
        String definerName = BootClassDefiner.class.getName();
        byte[] definerBytes;
        try (InputStream in = BootstrapBridge.class.getResourceAsStream("BootClassDefiner.class")) {
            definerBytes = in.readAllBytes();
        }
        ClassLoader own = new ClassLoader("safesqlite-boot-definer", null) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                if (!name.equals(definerName)) throw new ClassNotFoundException(name);
                return defineClass(name, definerBytes, 0, definerBytes.length);
            }
        };
        Class<?> definer = own.loadClass(definerName);
        instrumentation.redefineModule(Object.class.getModule(), Set.of(),
                Map.of("jdk.internal.misc", Set.of(definer.getModule())), Map.of(), Set.of(), Map.of());
        definer.getMethod("define", Map.class).invoke(null, classes);
    }

    private static void appendJar(Map<String, byte[]> classes, Instrumentation instrumentation) throws IOException {
        Path bridge = Files.createTempFile("safesqlite-bootstrap", ".jar");
        bridge.toFile().deleteOnExit();
        try (OutputStream file = Files.newOutputStream(bridge); JarOutputStream out = new JarOutputStream(file)) {
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                out.putNextEntry(new JarEntry(c.getKey().replace('.', '/') + ".class"));
                out.write(c.getValue());
                out.closeEntry();
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
