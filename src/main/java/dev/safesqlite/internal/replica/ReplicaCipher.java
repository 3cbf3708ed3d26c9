package dev.safesqlite.internal.replica;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Streaming authenticated encryption of what goes to replicas ({@code replica.encrypt.key}). The
 * associated data binds each ciphertext to its object name, so objects swapped in the store are
 * detected like damaged ones. Implemented with Google Tink in {@code safesqlite-replica}.
 */
public interface ReplicaCipher {

    /** Names the format in the replica manifest, e.g. {@code AES256_GCM_HKDF_1MB}. */
    String scheme();

    OutputStream encrypting(OutputStream ciphertext, String objectName) throws IOException;

    /** Reading fails with an IOException at the first segment that does not authenticate. */
    InputStream decrypting(InputStream ciphertext, String objectName) throws IOException;
}
