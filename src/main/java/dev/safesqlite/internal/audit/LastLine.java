package dev.safesqlite.internal.audit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The last line of an audit file, without its newline: what the next line's {@code prev}
 * hashes. {@code terminated} is false when the file ends inside a line (a torn write).
 */
record LastLine(byte[] bytes, boolean terminated) {

    private static final int CHUNK = 8192;

    /** The last line of {@code file}, or null when it is missing or empty. */
    static LastLine of(Path file) throws IOException {
        try {
            return RolledFiles.isGzip(file) ? ofGzip(file) : ofPlain(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Reads backwards from the end, so the cost does not grow with the file. */
    private static LastLine ofPlain(Path file) throws IOException {
        // RandomAccessFile, not a FileChannel: reads must survive an interrupted caller thread.
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            if (length == 0) return null;
            f.seek(length - 1);
            boolean terminated = f.read() == '\n';
            long end = terminated ? length - 1 : length;
            long start = startOfLineEndingAt(f, end);
            byte[] line = new byte[Math.toIntExact(end - start)];
            f.seek(start);
            f.readFully(line);
            return new LastLine(line, terminated);
        }
    }

    private static long startOfLineEndingAt(RandomAccessFile f, long end) throws IOException {
        byte[] chunk = new byte[CHUNK];
        long pos = end;
        while (pos > 0) {
            int n = (int) Math.min(CHUNK, pos);
            f.seek(pos - n);
            f.readFully(chunk, 0, n);
            for (int i = n - 1; i >= 0; i--) {
                if (chunk[i] == '\n') return pos - n + i + 1;
            }
            pos -= n;
        }
        return 0;
    }

    /** A rolled archive can only be read from the start. */
    private static LastLine ofGzip(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(file), CHUNK))) {
            ByteArrayOutputStream current = new ByteArrayOutputStream();
            byte[] last = null;
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    last = current.toByteArray();
                    current.reset();
                } else {
                    current.write(b);
                }
            }
            if (current.size() > 0) return new LastLine(current.toByteArray(), false);
            return last == null ? null : new LastLine(last, true);
        }
    }
}
