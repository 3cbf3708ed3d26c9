package dev.safesqlite.agent;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The advised class files of the sqlite-jdbc on the application's class path, worked out on a
 * background thread from {@code premain} on, while the JVM goes on to the application's
 * {@code main}. ByteBuddy's first transformation costs 0.1-0.3 s; done ahead, an application
 * that does anything before its first connection does not wait for it, and one that connects at
 * once waits only for {@code org.sqlite.JDBC}, the first class its connection loads: the other
 * four are advised on the second core while sqlite-jdbc loads its native library.
 *
 * <p>A result is used only for the class file it was made from: the same name, defined by the
 * system class loader (where it was read from), with exactly the bytes the JVM is about to
 * define. Anything else (a web application's own sqlite-jdbc, a class another agent changed
 * first, a retransformation) is advised on the spot. Nothing ahead runs when sqlite-jdbc is not
 * on the class path, so a JVM without it never starts ByteBuddy.
 *
 * <p>The thread only reads class files as resources and uses ByteBuddy and the JDK: it never
 * loads an {@code org.sqlite} class, nor any class of the application, so it never waits for the
 * thread that waits for it. The wait is bounded all the same; past it the class is advised on
 * the spot.
 */
final class AdviceAhead {

    /** In the order a first connection loads them: the first is the one a connection waits for. */
    private static final List<String> ORDER = List.of("org.sqlite.JDBC", "org.sqlite.SQLiteConnection",
            "org.sqlite.jdbc3.JDBC3Statement", "org.sqlite.jdbc3.JDBC3PreparedStatement",
            "org.sqlite.core.CorePreparedStatement");

    /** A guard against a wait nothing should cause; a slow machine only makes it advise on the spot. */
    private static final long WAIT_SECONDS = 30;

    private final ClassLoader systemLoader = ClassLoader.getSystemClassLoader();
    private final FutureTask<SqliteInstrumentation> prepared = new FutureTask<>(SqliteInstrumentation::new);
    private final Map<String, Ahead> ahead = new LinkedHashMap<>();

    private AdviceAhead() {
        for (String name : ORDER) ahead.put(name, new Ahead(name));
    }

    /** Starts the work on a daemon thread; the results are waited for by whoever needs them first. */
    static AdviceAhead start() {
        AdviceAhead a = new AdviceAhead();
        Thread t = new Thread(a::run, "safesqlite-agent-advice");
        t.setDaemon(true);
        t.start();
        return a;
    }

    private void run() {
        if (systemLoader.getResource("org/sqlite/JDBC.class") == null) {
            // no sqlite-jdbc in sight: ByteBuddy is started by the first advised class, if one ever loads
            cancel();
            return;
        }
        prepared.run();
        ahead.values().forEach(a -> a.advised.run());
    }

    /** The agent did not start after all: what has not run yet never will. */
    void cancel() {
        prepared.cancel(false);
        ahead.values().forEach(a -> a.advised.cancel(false));
    }

    /**
     * The advised bytes of {@code className} if they were worked out from exactly
     * {@code classFile} in {@code loader}, waiting for them if they are being worked out; else
     * null.
     */
    byte[] advised(ClassLoader loader, String className, byte[] classFile) {
        Ahead a = ahead.get(className);
        if (a == null || loader != systemLoader) return null;
        Result r = await(a.advised);
        return r != null && Arrays.equals(r.original, classFile) ? r.advised : null;
    }

    /** ByteBuddy as prepared ahead, waiting for it; null when there is none (not started, failed). */
    SqliteInstrumentation instrumentation() {
        return await(prepared);
    }

    private static <T> T await(FutureTask<T> task) {
        try {
            return task.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException | java.util.concurrent.CancellationException e) {
            return null; // advised on the spot, where a failure is reported
        }
    }

    private final class Ahead {
        final FutureTask<Result> advised;

        Ahead(String name) {
            advised = new FutureTask<>(() -> {
                byte[] original = classFile(name);
                SqliteInstrumentation instrumentation = prepared.get();
                return original == null ? null : new Result(original, instrumentation.advise(systemLoader, name, original));
            });
        }
    }

    private byte[] classFile(String name) throws IOException {
        try (InputStream in = systemLoader.getResourceAsStream(name.replace('.', '/') + ".class")) {
            return in == null ? null : in.readAllBytes();
        }
    }

    private record Result(byte[] original, byte[] advised) {
    }
}
