package dev.safesqlite.internal.replica;

import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether {@code safesqlite-replica} is on the class path, asked when settings are read so that
 * a replica setting that cannot work fails the connection with the artifact to add, instead of
 * failing later in the background.
 */
public final class ReplicaModule {

    private static final Set<String> SCHEMES = ConcurrentHashMap.newKeySet();
    private static volatile Boolean cipher;
    private static volatile boolean scanned;

    private ReplicaModule() {
    }

    public static boolean serves(String scheme) {
        if ("file".equals(scheme)) return true;
        if (!scanned) {
            for (ReplicaTargetProvider p : ServiceLoader.load(ReplicaTargetProvider.class, ReplicaModule.class.getClassLoader())) {
                SCHEMES.add(p.scheme());
            }
            scanned = true;
        }
        return SCHEMES.contains(scheme);
    }

    public static boolean hasCipher() {
        Boolean c = cipher;
        if (c == null) {
            c = ServiceLoader.load(ReplicaCipherProvider.class, ReplicaModule.class.getClassLoader()).findFirst().isPresent();
            cipher = c;
        }
        return c;
    }
}
