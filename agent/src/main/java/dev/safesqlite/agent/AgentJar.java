package dev.safesqlite.agent;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The agent's own jar, opened once: the engine payload under {@value #ENGINE} and the bootstrap
 * bridge under {@value #BOOTSTRAP} are read from it by name. Those prefixes keep the system
 * class loader, which has the agent jar on its class path, from ever loading them itself.
 */
final class AgentJar {

    static final String ENGINE = "safesqlite-engine/";
    static final String BOOTSTRAP = "safesqlite-bootstrap/";

    private final Path file;
    private final JarFile jar;
    private final CodeSource codeSource;

    private AgentJar(Path file) throws IOException {
        this.file = file;
        this.jar = new JarFile(file.toFile());
        this.codeSource = new CodeSource(file.toUri().toURL(), (java.security.cert.Certificate[]) null);
    }

    /** The jar this class was loaded from. */
    static AgentJar ofThisAgent() throws IOException {
        CodeSource source = AgentJar.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IOException("cannot tell which jar the SafeSQLite agent was loaded from");
        }
        try {
            return new AgentJar(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException e) {
            throw new IOException("cannot read the SafeSQLite agent jar at " + source.getLocation(), e);
        }
    }

    JarFile jarFile() {
        return jar;
    }

    CodeSource codeSource() {
        return codeSource;
    }

    /** The entry {@code prefix + path}, or null. */
    JarEntry entry(String prefix, String path) {
        return jar.getJarEntry(prefix + path);
    }

    byte[] read(JarEntry entry) throws IOException {
        try (InputStream in = jar.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }

    /** A {@code jar:} URL for an entry, for resources the engine copy looks up (service files, native libraries). */
    URL url(JarEntry entry) {
        try {
            return new URL("jar:" + file.toUri() + "!/" + entry.getName());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
