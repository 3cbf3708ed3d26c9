package dev.safesqlite.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps what a test prints (the engine's SLF4J lines, stack traces of the failures negative
 * tests provoke on purpose) and shows it only when the test fails, under the test's name. A
 * passing {@code mvn verify} is then quiet, and a failing test's output stands out instead of
 * hiding among hundreds of expected ERROR lines.
 *
 * <p>Registered for every test class of every module that has this test-jar on its class path
 * ({@code META-INF/services} plus {@code junit-platform.properties}, which turns on extension
 * autodetection). The tests bind slf4j-simple, which writes to whatever {@code System.err} is at
 * each call, so swapping the streams is enough. Output of a class's {@code @BeforeAll} and
 * {@code @AfterAll} is kept the same way and shown if the class fails there.
 */
public final class OutputOnFailure implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(OutputOnFailure.class);

    /** What a test (or a class outside its tests) printed, and the streams to put back after it. */
    private record Kept(PrintStream out, PrintStream err, ByteArrayOutputStream bytes) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        keep(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        release(context, "class " + context.getDisplayName());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        keep(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        release(context, context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName());
    }

    private static void keep(ExtensionContext context) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Kept kept = new Kept(System.out, System.err, bytes);
        context.getStore(NS).put(context.getUniqueId(), kept);
        PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
    }

    private static void release(ExtensionContext context, String what) {
        Kept kept = context.getStore(NS).remove(context.getUniqueId(), Kept.class);
        if (kept == null) return;
        System.out.flush();
        System.err.flush();
        System.setOut(kept.out());
        System.setErr(kept.err());
        Optional<Throwable> failure = context.getExecutionException();
        if (failure.isPresent() && kept.bytes().size() > 0) {
            // Shown where the test's own output would have gone: the output of the class around it,
            // which shows it in turn if the class fails, or else the real stream.
            PrintStream to = realErr(context, kept);
            to.println("---- output of the failed " + what + " ----");
            to.print(kept.bytes().toString(StandardCharsets.UTF_8));
            to.println("---- end of the output of " + what + " ----");
            to.flush();
        }
    }

    /** The stream a failed test's output goes to: never a capture that is thrown away when its class passes. */
    private static PrintStream realErr(ExtensionContext context, Kept kept) {
        Optional<ExtensionContext> parent = context.getParent();
        while (parent.isPresent()) {
            Kept outer = parent.get().getStore(NS).get(parent.get().getUniqueId(), Kept.class);
            if (outer != null) {
                // the class's own capture is about to be released; go past it to what it put aside
                return realErr(parent.get(), outer);
            }
            parent = parent.get().getParent();
        }
        return kept.err();
    }
}
