package dev.safesqlite.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code safesqlite.properties} on the class path is looked for once per class loader (issue 17);
 * what was found is still read afresh when it changes. Each test runs under a context class
 * loader of its own over a temporary directory, as a web application's would be.
 */
class ClassPathSettingsFileTest {

    @TempDir
    Path tmp;

    private interface Check {
        void run() throws Exception;
    }

    private static void withClassPath(Path dir, Check check) throws Exception {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            t.setContextClassLoader(loader);
            check.run();
        } finally {
            t.setContextClassLoader(before);
        }
    }

    private static Settings resolve() throws Exception {
        return SettingsResolver.builder().urlParameters(Map.of()).resolve();
    }

    /** Old enough for the resolution cache to take it (see ResolvedSettings.RACY_SECONDS). */
    private static void write(Path file, String text, Instant modified) throws Exception {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }

    @Test
    void aFileThatAppearsOnTheClassPathAfterTheFirstConnectionIsNotRead() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("classes"));
        withClassPath(dir, () -> {
            long byDefault = resolve().retainLast();
            write(dir.resolve("safesqlite.properties"), "retain.last=3\n", Instant.now().minusSeconds(3600));
            assertEquals(byDefault, resolve().retainLast(),
                    "the class path was looked at once; a file put there later waits for the next start (README Settings)");
        });
    }

    @Test
    void aFileFoundOnTheClassPathIsReadAgainWhenItChangesAndForgottenWhenDeleted() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("classes"));
        Path file = dir.resolve("safesqlite.properties");
        Instant hourAgo = Instant.now().minusSeconds(3600);
        write(file, "retain.last=3\n", hourAgo);
        withClassPath(dir, () -> {
            assertEquals(3, resolve().retainLast());
            assertEquals(Source.FILE, resolve().sourceOf(Setting.RETAIN_LAST));
            write(file, "retain.last=4\n", hourAgo.plusSeconds(5));
            assertEquals(4, resolve().retainLast(), "an edit of the file found is read by the next connection");
            Files.delete(file);
            Settings after = resolve();
            assertNotEquals(Source.FILE, after.sourceOf(Setting.RETAIN_LAST), "a deleted file is no longer read");
            assertEquals(after.retainLast(), resolve().retainLast());
            write(file, "retain.last=7\n", hourAgo.plusSeconds(10));
            assertEquals(7, resolve().retainLast(), "a file deleted and written again (a redeploy, a tool) is read again");
        });
    }

    @Test
    void eachClassLoaderHasItsOwnFile() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        Instant hourAgo = Instant.now().minusSeconds(3600);
        write(a.resolve("safesqlite.properties"), "retain.last=5\n", hourAgo);
        write(b.resolve("safesqlite.properties"), "retain.last=6\n", hourAgo);
        withClassPath(a, () -> assertEquals(5, resolve().retainLast()));
        withClassPath(b, () -> assertEquals(6, resolve().retainLast()));
        withClassPath(a, () -> assertEquals(5, resolve().retainLast()));
    }
}
