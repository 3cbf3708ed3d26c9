package dev.safesqlite.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
 * background thread while the application goes on. ByteBuddy's first transformation costs
 * 0.1-0.3 s of CPU; done ahead, an application that does anything between its first touch of JDBC
 * and its first connection does not wait for it, and one that connects at once has the last four
 * classes advised on the second core while sqlite-jdbc loads its native library.
 *
 * <p>The thread is started by {@code premain} but starts working only when the application first
 * loads a JDBC class ({@code java.sql}, {@code javax.sql} or {@code org.sqlite}): a JVM that
 * never uses JDBC (or only exits, as an empty {@code main} does) never runs ByteBuddy, and its
 * start-up does not share the cores with it. Nothing is waited for that has not started: whoever
 * needs a result first and finds it not begun works it out on its own thread ({@link #obtain}), so
 * a connection opened before the thread got there costs what it did without it.
 *
 * <p>A result is used only for the class file it was made from: the same name, defined by the
 * system class loader (where it was read from), with exactly the bytes the JVM is about to
 * define. Anything else (a web application's own sqlite-jdbc, a class another agent changed
 * first, a retransformation) is advised on the spot. Nothing ahead runs when sqlite-jdbc is not
 * on the system class path.
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
    /** Set once the application touched JDBC (or the agent did not start): the thread goes on. */
    private volatile boolean wanted;

    private AdviceAhead() {
        for (String name : ORDER) ahead.put(name, new Ahead(name));
    }

    /** Starts the daemon thread, which waits for {@link #classLoading} to see JDBC in use. */
    static AdviceAhead start() {
        AdviceAhead a = new AdviceAhead();
        Thread t = new Thread(a::run, "safesqlite-agent-advice");
        t.setDaemon(true);
        t.start();
        return a;
    }

    /**
     * Called for each class the JVM loads: a JDBC class tells that the application is about to
     * use JDBC. After the first, one volatile read.
     */
    void classLoading(String internalName) {
        if (!wanted && (internalName.startsWith("java/sql/") || internalName.startsWith("javax/sql/")
                || internalName.startsWith("org/sqlite/"))) {
            go();
        }
    }

    private synchronized void go() {
        wanted = true;
        notifyAll();
    }

    private void run() {
        try {
            synchronized (this) {
                while (!wanted) wait();
            }
        } catch (InterruptedException e) {
            return;
        }
        if (prepared.isCancelled()) {
            return; // the agent did not start (cancel): nothing of ByteBuddy is needed
        }
        if (systemLoader.getResource("org/sqlite/JDBC.class") == null) {
            return; // no sqlite-jdbc in sight: ByteBuddy starts with the first advised class, if one ever loads
        }
        Thread loading = new Thread(AdviceAhead::loadByteBuddy, "safesqlite-agent-advice-classes");
        loading.setDaemon(true);
        loading.start();
        prepared.run();
        ahead.values().forEach(a -> a.advised.run());
    }

    /**
     * Loads (without initialising) the ByteBuddy classes the advice will need, in the order it
     * needs them ({@code bytebuddy-classes.list}), while the advice thread runs ByteBuddy: two
     * thirds of ByteBuddy's first transformation is loading its 730 classes, and this does much
     * of that on the second core. Only a hint: a class not loaded here is loaded when needed.
     */
    private static void loadByteBuddy() {
        ClassLoader loader = AdviceAhead.class.getClassLoader();
        String prefix = SqliteInstrumentation.BYTE_BUDDY_PACKAGE_PREFIX;
        try (InputStream in = AdviceAhead.class.getResourceAsStream("bytebuddy-classes.list")) {
            if (in == null) return;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                try {
                    Class.forName(prefix + line.trim(), false, loader);
                } catch (ClassNotFoundException | LinkageError gone) {
                    // another ByteBuddy version than the list's: loaded when needed
                }
            }
        } catch (IOException | RuntimeException e) {
            // only a hint
        }
    }

    /** The agent did not start after all: what has not run yet never will. */
    void cancel() {
        prepared.cancel(false);
        ahead.values().forEach(a -> a.advised.cancel(false));
        go(); // the thread finds nothing left to run and ends
    }

    /**
     * The advised bytes of {@code className} if they were worked out from exactly
     * {@code classFile} in {@code loader}, waiting for them if they are being worked out; else
     * null.
     */
    byte[] advised(ClassLoader loader, String className, byte[] classFile) {
        Ahead a = ahead.get(className);
        if (a == null || loader != systemLoader) return null;
        Result r = obtain(a.advised);
        return r != null && Arrays.equals(r.original, classFile) ? r.advised : null;
    }

    /** ByteBuddy as prepared ahead (or now, if not begun); null when cancelled or failed. */
    SqliteInstrumentation instrumentation() {
        return obtain(prepared);
    }

    /**
     * The task's result: run here if no thread has begun it (a FutureTask runs once; this run
     * returns at once when another thread is running it), then waited for.
     */
    private static <T> T obtain(FutureTask<T> task) {
        task.run();
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
                SqliteInstrumentation instrumentation = obtain(prepared);
                if (original == null || instrumentation == null) return null;
                return new Result(original, instrumentation.advise(systemLoader, name, original));
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
