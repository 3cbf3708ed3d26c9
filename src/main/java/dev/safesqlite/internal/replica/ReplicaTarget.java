package dev.safesqlite.internal.replica;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * One place every backup is also sent to (SPEC section 10). Keys are relative to the target's
 * prefix: {@code <db>/<backup file name>}. {@code file:///} is {@link FileReplicaTarget}; S3 is
 * found at run time through {@link ReplicaTargetProvider}, so applications without replicas
 * never load an S3 client.
 */
public interface ReplicaTarget extends AutoCloseable {

    /** The URL as the user wrote it in {@code replica.url}, for messages and the audit log (it holds no credentials). */
    String url();

    /**
     * Stores {@code file} under {@code key} and returns only once the store has confirmed that it
     * holds exactly these bytes: their SHA-256 sent with the request and checked by the store, or
     * the object read back.
     */
    void put(String key, Path file, String sha256Hex) throws IOException;

    /** The names (not keys) of the objects directly under {@code dir} ({@code <db>}), in any order. */
    List<String> list(String dir) throws IOException;

    /** The object's bytes; {@link java.nio.file.NoSuchFileException} when there is none. */
    InputStream get(String key) throws IOException;

    /** Removes the object; no error when it is already gone. */
    void delete(String key) throws IOException;

    @Override
    void close();
}
