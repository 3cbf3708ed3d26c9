package dev.safesqlite.internal.replica;

import dev.safesqlite.internal.config.ReplicaKey;
import java.security.GeneralSecurityException;

/** Makes the {@link ReplicaCipher} for a key; registered through ServiceLoader by {@code safesqlite-replica}. */
public interface ReplicaCipherProvider {

    ReplicaCipher create(ReplicaKey key) throws GeneralSecurityException;
}
