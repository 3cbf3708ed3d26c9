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
    /** Hands the database back to continuous protection in this JVM once the restore is over (see Restore.prepare). */
    private final AutoCloseable resume;

    PreparedRestore(RestorePlan plan, Path copy, AutoCloseable resume) {
        this.plan = plan;
        this.copy = copy;
        this.resume = resume;
    }

    public RestorePlan plan() {
        return plan;
    }

    Path copy() {
        return copy;
    }

    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(copy);
        } finally {
            try {
                resume.close();
            } catch (Exception e) {
                throw new IOException("continuous protection could not take the database back after the restore: "
                        + e.getMessage() + "; restart the application", e);
            }
        }
    }
}
