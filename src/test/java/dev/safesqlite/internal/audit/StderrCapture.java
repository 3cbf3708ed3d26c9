package dev.safesqlite.internal.audit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What SLF4J printed while open. The tests bind slf4j-simple, which writes to whatever
 * {@code System.err} is at the time of each call.
 */
final class StderrCapture implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    StderrCapture() {
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    String text() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    long count(String needle) {
        return text().lines().filter(l -> l.contains(needle)).count();
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
