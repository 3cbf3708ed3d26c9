package dev.safesqlite.replica;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.util.SecretBytes;
import dev.safesqlite.internal.config.ReplicaKey;
import dev.safesqlite.internal.replica.ReplicaCipher;
import dev.safesqlite.internal.replica.ReplicaCipherProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * {@code replica.encrypt.key}: Google Tink's streaming AEAD AES-GCM-HKDF (AES-256-GCM, a fresh
 * key derived with HKDF-SHA256 per object from the 32-byte key and a random salt, 1 MB
 * segments each authenticated, truncation and reordering detected). The object's name is the
 * associated data, so an object moved to another name does not decrypt. Format: Tink's
 * documented streaming-AEAD wire format; nothing hand-rolled.
 */
public final class TinkCipherProvider implements ReplicaCipherProvider {

    static final String SCHEME = "tink-AES256_GCM_HKDF_1MB";

    @Override
    public ReplicaCipher create(ReplicaKey key) throws GeneralSecurityException {
        AesGcmHkdfStreamingParameters p = AesGcmHkdfStreamingParameters.builder()
                .setKeySizeBytes(ReplicaKey.BYTES)
                .setDerivedAesGcmKeySizeBytes(32)
                .setHkdfHashType(AesGcmHkdfStreamingParameters.HashType.SHA256)
                .setCiphertextSegmentSizeBytes(1 << 20)
                .build();
        StreamingAead aead = AesGcmHkdfStreaming.create(
                AesGcmHkdfStreamingKey.create(p, SecretBytes.copyFrom(key.bytes(), InsecureSecretKeyAccess.get())));
        return new ReplicaCipher() {
            @Override
            public String scheme() {
                return SCHEME;
            }

            @Override
            public OutputStream encrypting(OutputStream ciphertext, String objectName) throws IOException {
                try {
                    return aead.newEncryptingStream(ciphertext, objectName.getBytes(StandardCharsets.UTF_8));
                } catch (GeneralSecurityException e) {
                    throw new IOException("cannot start encrypting " + objectName + ": " + e.getMessage(), e);
                }
            }

            @Override
            public InputStream decrypting(InputStream ciphertext, String objectName) throws IOException {
                try {
                    return aead.newDecryptingStream(ciphertext, objectName.getBytes(StandardCharsets.UTF_8));
                } catch (GeneralSecurityException e) {
                    throw new IOException("cannot start decrypting " + objectName + ": " + e.getMessage(), e);
                }
            }
        };
    }
}
