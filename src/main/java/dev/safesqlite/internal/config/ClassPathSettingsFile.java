package dev.safesqlite.internal.config;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.NoSuchFileException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * {@code safesqlite.properties} on the class path (SPEC 3, settings source 6, the last place
 * looked), found once per class loader: the look-up asks every entry of the class path, and was
 * a third of resolving a connection's settings (issue 17). A class path is what the application
 * was started (or deployed) with, so a {@code safesqlite.properties} that appears in one of its
 * directories while the JVM runs is not seen until the next start (README, Settings); one that
 * was found is still stamped on every connection ({@link ResolvedSettings}), so an edit to it is
 * read, and one that is deleted is looked for again.
 *
 * <p>By the context class loader, as before: two web applications in one container each have
 * their own file. Weak keys, so an undeployed application's loader can be collected (the values are
 * URLs, which with the JDK's and the usual containers' URL handlers do not refer to their loader).
 */
final class ClassPathSettingsFile {

    static final String NAME = "safesqlite.properties";

    /** What a loader was found to have: its resource's URL, or this for none. */
    private static final Object ABSENT = new Object();
    /** A file that was found and deleted since: looked for again on every connection, until one is there. */
    private static final Object GONE = new Object();
    private static final Map<ClassLoader, Object> FOUND = Collections.synchronizedMap(new WeakHashMap<>());

    private ClassPathSettingsFile() {
    }

    /** The resource of the current context class loader (or the engine's), or null when it has none. */
    static URL find() {
        ClassLoader cl = loader();
        Object known = FOUND.get(cl);
        if (known == null) {
            known = lookUp(cl, ABSENT);
        } else if (known == GONE) {
            known = lookUp(cl, GONE);
        }
        return known instanceof URL url ? url : null;
    }

    /** Its content, or null when there is none; a file deleted since it was found is looked for again. */
    static InputStream open() throws IOException {
        URL url = find();
        if (url == null) return null;
        try {
            return url.openStream();
        } catch (FileNotFoundException | NoSuchFileException gone) {
            Object again = lookUp(loader(), GONE);
            return again instanceof URL found ? found.openStream() : null;
        }
    }

    /** {@code none}: what to remember when the loader has no such resource ({@link #ABSENT} or {@link #GONE}). */
    private static Object lookUp(ClassLoader cl, Object none) {
        URL url = cl.getResource(NAME);
        Object found = url == null ? none : url;
        FOUND.put(cl, found);
        return found;
    }

    private static ClassLoader loader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return cl != null ? cl : SettingsResolver.class.getClassLoader();
    }
}
