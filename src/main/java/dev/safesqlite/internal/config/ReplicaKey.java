package dev.safesqlite.internal.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The 32-byte key of {@code replica.encrypt.key}, read from {@code env:VAR} or {@code file:PATH}
 * (32 raw bytes, or their base64). Its {@link #toString} and everything written anywhere show
 * only the fingerprint, never the key.
 */
public final class ReplicaKey {

    public static final int BYTES = 32;

    private final byte[] key;
    private final String fingerprint;
    private final String source;

    private ReplicaKey(byte[] key, String source) {
        this.key = key;
        this.source = source;
        this.fingerprint = fingerprintOf(key);
    }

    /** For tests and tools that hold the key bytes themselves. */
    public static ReplicaKey of(byte[] key, String source) {
        if (key.length != BYTES) throw new IllegalArgumentException("a replica key has 32 bytes, not " + key.length);
        return new ReplicaKey(key.clone(), source);
    }

    static ReplicaKey load(String spec) throws ValueType.Invalid {
        byte[] raw;
        if (spec.startsWith("env:")) {
            String var = spec.substring(4);
            String v = System.getenv(var);
            if (v == null || v.isEmpty()) {
                throw new ValueType.Invalid("env:VAR naming a set environment variable; " + var + " is not set");
            }
            raw = v.getBytes(StandardCharsets.UTF_8);
        } else if (spec.startsWith("file:")) {
            Path p = Path.of(spec.substring(5));
            try {
                raw = Files.readAllBytes(p);
            } catch (IOException e) {
                throw new ValueType.Invalid("file:PATH naming a readable key file; " + p + " cannot be read (" + e + ")");
            }
        } else {
            throw new ValueType.Invalid("off, env:VAR or file:PATH (the key itself never goes into a setting)");
        }
        byte[] key = decode(raw);
        if (key == null) {
            throw new ValueType.Invalid("a key of 32 bytes, raw or base64 (" + spec + " holds " + raw.length
                    + " bytes that are neither; make one with: head -c 32 /dev/urandom | base64)");
        }
        if (!dev.safesqlite.internal.replica.ReplicaModule.hasCipher()) {
            throw new ValueType.Invalid("a key only with the artifact "
                    + dev.safesqlite.internal.replica.MissingReplicaModuleException.ARTIFACT
                    + " on the class path, which does the encryption: add it to the application's dependencies"
                    + " (the agent and command-line jars already carry it)");
        }
        return new ReplicaKey(key, spec);
    }

    private static byte[] decode(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1).trim();
        try {
            byte[] b = Base64.getDecoder().decode(text);
            if (b.length == BYTES) return b;
        } catch (IllegalArgumentException notBase64) {
            // maybe raw bytes
        }
        return raw.length == BYTES ? raw.clone() : null;
    }

    private static String fingerprintOf(byte[] key) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update("safesqlite replica key fingerprint\n".getBytes(StandardCharsets.US_ASCII));
            return "sha256:" + HexFormat.of().formatHex(Arrays.copyOf(d.digest(key), 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of the key, for the cipher only. */
    public byte[] bytes() {
        return key.clone();
    }

    /** What identifies the key in a manifest: a hash that does not reveal it. */
    public String fingerprint() {
        return fingerprint;
    }

    /** Where it came from ({@code env:VAR}, {@code file:PATH}), for messages. */
    public String source() {
        return source;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReplicaKey k && k.fingerprint.equals(fingerprint);
    }

    @Override
    public int hashCode() {
        return fingerprint.hashCode();
    }

    @Override
    public String toString() {
        return source + " (" + fingerprint + ")";
    }
}
