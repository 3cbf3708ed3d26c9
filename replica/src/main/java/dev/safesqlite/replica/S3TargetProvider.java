package dev.safesqlite.replica;

import dev.safesqlite.internal.config.Settings;
import dev.safesqlite.internal.replica.ReplicaTarget;
import dev.safesqlite.internal.replica.ReplicaTargetProvider;
import java.net.URI;

/** {@code s3://BUCKET/PREFIX}, registered for the engine through ServiceLoader. */
public final class S3TargetProvider implements ReplicaTargetProvider {

    @Override
    public String scheme() {
        return "s3";
    }

    @Override
    public ReplicaTarget open(URI url, Settings settings) {
        return S3Target.open(url, settings);
    }
}
