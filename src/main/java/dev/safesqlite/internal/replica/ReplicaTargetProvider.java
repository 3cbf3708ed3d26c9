package dev.safesqlite.internal.replica;

import dev.safesqlite.internal.config.Settings;
import java.io.IOException;
import java.net.URI;

/**
 * A kind of replica target that lives outside the engine (S3, in {@code safesqlite-replica}),
 * registered in {@code META-INF/services/dev.safesqlite.internal.replica.ReplicaTargetProvider}.
 */
public interface ReplicaTargetProvider {

    /** The URL scheme it serves, e.g. {@code s3}. */
    String scheme();

    ReplicaTarget open(URI url, Settings settings) throws IOException;
}
