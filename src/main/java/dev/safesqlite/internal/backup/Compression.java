package dev.safesqlite.internal.backup;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
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

    public OutputStream compress(OutputStream out) throws IOException {
        return switch (this) {
            case NONE -> out;
            case GZIP -> new GZIPOutputStream(out, 1 << 16);
            case ZSTD -> new ZstdOutputStream(out, 3);
        };
    }

    public InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case NONE -> in;
            case GZIP -> new GZIPInputStream(in, 1 << 16);
            case ZSTD -> new ZstdInputStream(in);
        };
    }
}
