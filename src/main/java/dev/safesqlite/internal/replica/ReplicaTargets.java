package dev.safesqlite.internal.replica;

import dev.safesqlite.internal.config.ReplicaKey;
import dev.safesqlite.internal.config.Settings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.ServiceLoader;

/** Opens the target of a replica URL and the cipher of a key; what needs {@code safesqlite-replica} says so. */
public final class ReplicaTargets {

    private ReplicaTargets() {
    }

    /** A URL as {@code replica.url} or {@code --from} gives it; checked like the setting. */
    public static ReplicaTarget open(URI url, Settings settings) throws IOException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) return new FileReplicaTarget(url.toString(), Path.of(url.getPath()));
        for (ReplicaTargetProvider p : ServiceLoader.load(ReplicaTargetProvider.class, ReplicaTargets.class.getClassLoader())) {
            if (p.scheme().equals(scheme)) return p.open(url, settings);
        }
        if (scheme.equals("s3")) {
            throw new MissingReplicaModuleException("safesqlite.replica.url=" + url, "an S3 client");
        }
        throw new ReplicaException("cannot replicate to " + url + ": the scheme '" + scheme
                + "' is not supported; use s3://BUCKET/PREFIX or file:///PATH");
    }

    /** The cipher of {@code replica.encrypt.key}, or null when it is off. */
    public static ReplicaCipher cipher(ReplicaKey key) throws IOException {
        if (key == null) return null;
        for (ReplicaCipherProvider p : ServiceLoader.load(ReplicaCipherProvider.class, ReplicaTargets.class.getClassLoader())) {
            try {
                return p.create(key);
            } catch (GeneralSecurityException e) {
                throw new ReplicaException("cannot use the key of safesqlite.replica.encrypt.key=" + key.source()
                        + ": " + e.getMessage(), e);
            }
        }
        throw new MissingReplicaModuleException("safesqlite.replica.encrypt.key", "streaming AES-256-GCM (Google Tink)");
    }
}
