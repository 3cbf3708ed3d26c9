package dev.safesqlite.internal.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * {@code backup.compress}: how a backup is stored. Uncompressed is the default, so that a
 * backup opens with the {@code sqlite3} shell as it is; gzip and zstd trade that for space.
 */
public enum Compression {
    NONE("none", ""),
    GZIP("gzip", ".gz"),
    ZSTD("zstd", ".zst");

    private final String label;
    private final String suffix;

    Compression(String label, String suffix) {
        this.label = label;
        this.suffix = suffix;
    }

    public String label() {
        return label;
    }

    /** Appended to {@code .db}: {@code .gz}, {@code .zst} or nothing. */
    public String suffix() {
        return suffix;
    }

    public static Compression of(String label) {
        for (Compression c : values()) {
            if (c.label.equals(label)) return c;
        }
        throw new IllegalArgumentException("unknown compression " + label);
    }

    /** The compression a stored file name says it has. */
    public static Compression ofFileName(String name) {
        if (name.endsWith(".gz")) return GZIP;
        if (name.endsWith(".zst")) return ZSTD;
        return NONE;
    }

    /** The optional artifact zstd needs, as a user writes it in a build file. */
    static final String ZSTD_ARTIFACT = "com.github.luben:zstd-jni";

    /**
     * Why this compression cannot be used in this JVM, or null when it can: zstd needs the
     * optional zstd-jni, visible to the class loader that loaded the engine (the agent's and the
     * command line's jars bundle it). The message names the artifact to add.
     */
    public String missingPart() {
        if (this != ZSTD) return null;
        try {
            Class.forName("com.github.luben.zstd.ZstdOutputStream", false, Compression.class.getClassLoader());
            return null;
        } catch (ClassNotFoundException | LinkageError e) {
            return "needs " + ZSTD_ARTIFACT + ", which is not on the class path: add that dependency (the version"
                    + " safesqlite-bom manages) or use gzip";
        }
    }

    private void requireParts(String what) throws IOException {
        String missing = missingPart();
        if (missing != null) throw new IOException("cannot " + what + ": " + label + " " + missing);
    }

    public OutputStream compress(OutputStream out) throws IOException {
        return switch (this) {
            case NONE -> out;
            case GZIP -> new GZIPOutputStream(out, 1 << 16);
            case ZSTD -> {
                requireParts("write a zstd backup");
                yield ZstdStreams.compress(out);
            }
        };
    }

    public InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case NONE -> in;
            case GZIP -> new GZIPInputStream(in, 1 << 16);
            case ZSTD -> {
                requireParts("read a zstd backup (.db.zst)");
                yield ZstdStreams.decompress(in);
            }
        };
    }
}
