package dev.safesqlite.internal.backup;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * zstd through zstd-jni, an optional dependency of the engine (its native libraries are 7 MB
 * that a driver user who does not compress should not carry). Only this class names zstd-jni's
 * classes, and loading it needs them: {@link Compression} checks that they are there first.
 */
final class ZstdStreams {

    private ZstdStreams() {
    }

    static OutputStream compress(OutputStream out) throws java.io.IOException {
        return new ZstdOutputStream(out, 3);
    }

    static InputStream decompress(InputStream in) throws java.io.IOException {
        return new ZstdInputStream(in);
    }
}
