package dev.safesqlite.agent;

import java.io.IOException;
import java.net.URL;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;

/**
 * Defines one copy of the engine (and the agent's front) for one sqlite-jdbc class loader, its
 * parent. The engine refers to {@code org.sqlite} classes, so it must be defined below the loader
 * that has the application's sqlite-jdbc; two web applications with their own sqlite-jdbc get two
 * copies that share nothing.
 *
 * <p>Classes and resources in the payload are looked up here first (child-first), so the
 * engine's gson or zstd-jni never meet the application's. Two exceptions are looked up in the
 * parent first: SLF4J, so that {@code safesqlite.audit} events reach the application's own
 * logging when it has one (the bundled SLF4J with its no-op provider serves when it has none),
 * and SafeSQLite's listener API, so that an application's {@code ProtectionListener} receives the
 * agent's events.
 */
final class EngineClassLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final AgentJar jar;
    private final ProtectionDomain domain;

    EngineClassLoader(ClassLoader sqliteLoader, AgentJar jar) {
        super("safesqlite-engine", sqliteLoader);
        this.jar = jar;
        this.domain = new ProtectionDomain(jar.codeSource(), null, this, null);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                JarEntry entry = jar.entry(AgentJar.ENGINE, name.replace('.', '/') + ".class");
                if (entry == null) {
                    c = getParent().loadClass(name);
                } else if (sharedWithApplication(name)) {
                    c = parentOrOwn(name, entry);
                } else {
                    c = define(name, entry);
                }
            }
            if (resolve) resolveClass(c);
            return c;
        }
    }

    private static boolean sharedWithApplication(String name) {
        return name.startsWith("org.slf4j.")
                || name.equals("dev.safesqlite.ProtectionListener")
                || name.equals("dev.safesqlite.ProtectionEvent");
    }

    private Class<?> parentOrOwn(String name, JarEntry entry) throws ClassNotFoundException {
        try {
            return getParent().loadClass(name);
        } catch (ClassNotFoundException notInApplication) {
            return define(name, entry);
        }
    }

    private Class<?> define(String name, JarEntry entry) throws ClassNotFoundException {
        try {
            byte[] bytes = jar.read(entry);
            return defineClass(name, bytes, 0, bytes.length, domain);
        } catch (IOException e) {
            throw new ClassNotFoundException(name + " could not be read from the SafeSQLite agent jar", e);
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    @Override
    protected URL findResource(String name) {
        JarEntry entry = jar.entry(AgentJar.ENGINE, name);
        return entry == null ? null : jar.url(entry);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> all = new ArrayList<>();
        URL own = findResource(name);
        if (own != null) all.add(own);
        all.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(all);
    }
}
