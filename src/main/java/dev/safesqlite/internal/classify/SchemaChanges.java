package dev.safesqlite.internal.classify;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The schema changes the connections of this engine (this JVM; under the agent, this
 * sqlite-jdbc class loader) run, on any database: what the remembered "changes one row at most"
 * verdicts rest on. A verdict made at one {@link #count} holds while the count stays, and is
 * remembered only while no change is {@linkplain #settled unsettled}: a change is counted when
 * it starts, but other connections see it only once it has run and committed, and a verdict made
 * in between would outlive it. A connection settles its change when it is next seen outside any
 * transaction, when the application commits or rolls back through the driver, or when it closes.
 */
public final class SchemaChanges {

    /** The one every connection of this engine shares. */
    public static final SchemaChanges ENGINE = new SchemaChanges();

    private final AtomicLong count = new AtomicLong();
    private final AtomicInteger unsettled = new AtomicInteger();

    long count() {
        return count.get();
    }

    /** Whether every schema change counted has run and committed or rolled back. */
    boolean settled() {
        return unsettled.get() == 0;
    }

    /** A connection with no unsettled change starts one. */
    void started() {
        unsettled.incrementAndGet();
        count.incrementAndGet();
    }

    /** A connection with an unsettled change starts another. */
    void startedAnother() {
        count.incrementAndGet();
    }

    /** A connection's changes have ended; what was remembered before may rest on the old schema. */
    void settledOne() {
        count.incrementAndGet();
        unsettled.decrementAndGet();
    }
}
