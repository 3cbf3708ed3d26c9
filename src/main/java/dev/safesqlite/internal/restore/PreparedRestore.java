package dev.safesqlite.internal.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The restored database, written and checked under a hidden name beside the database, waiting
 * for the swap. Closing it deletes the copy if the swap did not take it.
 */
public final class PreparedRestore implements AutoCloseable {

    private final RestorePlan plan;
    private final Path copy;

    PreparedRestore(RestorePlan plan, Path copy) {
        this.plan = plan;
        this.copy = copy;
    }

    public RestorePlan plan() {
        return plan;
    }

    Path copy() {
        return copy;
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(copy);
    }
}
