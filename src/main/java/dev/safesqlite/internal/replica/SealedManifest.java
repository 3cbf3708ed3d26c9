package dev.safesqlite.internal.replica;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The manifest of an encrypted backup on a replica. The store sees only what finding a backup
 * needs (its name, time and reason, which the object name shows anyway), the stored object's
 * size and SHA-256, and the fingerprint of the key; the backup's own manifest (trigger SQL,
 * table names and row counts, the database's path) travels sealed with the same key.
 *
 * @param sealed base64 of the encrypted manifest JSON of SPEC section 5
 */
public record SealedManifest(int format, String file, String created, String reason, Encryption encryption,
                             Stored stored, String sealed) {

    /** @param key the key's fingerprint ({@link dev.safesqlite.internal.config.ReplicaKey#fingerprint}) */
    public record Encryption(String scheme, String key) {
    }

    /** What the store holds: the ciphertext's size and SHA-256. */
    public record Stored(long bytes, String sha256) {
    }

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create();

    public String toJson() {
        return GSON.toJson(this);
    }

    /** The encrypted form when the JSON has an {@code encryption} block, else null (a plain manifest). */
    public static SealedManifest parseIfSealed(String json) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        if (!o.has("encryption")) return null;
        return GSON.fromJson(o, SealedManifest.class);
    }
}
