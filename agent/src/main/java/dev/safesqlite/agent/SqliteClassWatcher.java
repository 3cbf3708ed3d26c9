package dev.safesqlite.agent;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's transformer as the JVM sees it: every class that is not sqlite-jdbc's is passed by
 * one string comparison, and sqlite-jdbc's own by a set look-up unless the advice goes into it
 * ({@link SqliteInstrumentation#ADVISED}); those get their advice before they are defined, from
 * {@link AdviceAhead} when it worked out these very bytes, else from ByteBuddy on the spot.
 */
final class SqliteClassWatcher implements ClassFileTransformer {

    private static final String SQLITE = "org/sqlite/";

    /** Null when attached to a running JVM: its sqlite-jdbc classes are retransformed at once. */
    private final AdviceAhead ahead;
    private volatile SqliteInstrumentation instrumentation;

    SqliteClassWatcher(AdviceAhead ahead) {
        this.ahead = ahead;
    }

    /**
     * Registers the watcher and retransforms sqlite-jdbc's classes already loaded (dynamic attach).
     *
     * @param ahead the advice being worked out in the background ({@code premain}), or null
     */
    static void install(Instrumentation instrumentation, AdviceAhead ahead) throws UnmodifiableClassException {
        instrumentation.addTransformer(new SqliteClassWatcher(ahead), true);
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (SqliteInstrumentation.ADVISED.contains(c.getName()) && instrumentation.isModifiableClass(c)) loaded.add(c);
        }
        if (!loaded.isEmpty()) instrumentation.retransformClasses(loaded.toArray(new Class<?>[0]));
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (className == null) return null;
        if (ahead != null) ahead.classLoading(className);
        if (!className.startsWith(SQLITE)) return null;
        String name = className.replace('/', '.');
        if (!SqliteInstrumentation.ADVISED.contains(name)) return null;
        try {
            byte[] advised = ahead == null || classBeingRedefined != null ? null
                    : ahead.advised(loader, name, classfileBuffer);
            return advised != null ? advised : instrumentation().advise(loader, name, classfileBuffer);
        } catch (Throwable e) {
            // what ByteBuddy's agent builder did with its error listener: the JVM ignores a transformer's exception
            System.err.println("SafeSQLite agent: could not add its advice to " + name + " (loaded by " + loader
                    + "); this class runs unprotected: " + e);
            e.printStackTrace();
            return null;
        }
    }

    private SqliteInstrumentation instrumentation() {
        SqliteInstrumentation i = instrumentation;
        if (i == null) {
            synchronized (this) {
                i = instrumentation;
                if (i == null) {
                    if (ahead != null) i = ahead.instrumentation();
                    if (i == null) i = new SqliteInstrumentation();
                    instrumentation = i;
                }
            }
        }
        return i;
    }
}
