package dev.safesqlite.agent;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's transformer as the JVM sees it: every class that is not sqlite-jdbc's is passed by
 * one string comparison, and sqlite-jdbc's own by a set look-up unless the advice goes into it
 * ({@link SqliteInstrumentation#ADVISED}); those are handed to {@link SqliteInstrumentation}'s
 * ByteBuddy transformer, built the first time one is seen.
 */
final class SqliteClassWatcher implements ClassFileTransformer {

    private static final String SQLITE = "org/sqlite/";

    private volatile ClassFileTransformer byteBuddy;

    /** Registers the watcher and retransforms sqlite-jdbc's classes already loaded (dynamic attach). */
    static void install(Instrumentation instrumentation) throws UnmodifiableClassException {
        instrumentation.addTransformer(new SqliteClassWatcher(), true);
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (SqliteInstrumentation.ADVISED.contains(c.getName()) && instrumentation.isModifiableClass(c)) loaded.add(c);
        }
        if (!loaded.isEmpty()) instrumentation.retransformClasses(loaded.toArray(new Class<?>[0]));
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer)
            throws IllegalClassFormatException {
        if (className == null || !className.startsWith(SQLITE)
                || !SqliteInstrumentation.ADVISED.contains(className.replace('/', '.'))) {
            return null;
        }
        return byteBuddy().transform(loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
    }

    private ClassFileTransformer byteBuddy() {
        ClassFileTransformer t = byteBuddy;
        if (t == null) {
            synchronized (this) {
                t = byteBuddy;
                if (t == null) byteBuddy = t = SqliteInstrumentation.transformer();
            }
        }
        return t;
    }
}
