package dev.safesqlite.internal.restore;

import dev.safesqlite.internal.backup.Compression;
import dev.safesqlite.internal.backup.StoredBackup;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes the database a backup holds into a file: decompressed, fsynced. The restore, the
 * restore test of {@code verify} and the export of a backup all read a backup through here.
 */
public final class RestoredCopy {

    private RestoredCopy() {
    }

    /** Fills {@code target} (which exists, empty) with the backup's database; progress counts stored bytes. */
    public static void write(StoredBackup backup, Path target, Progress progress) throws IOException {
        Compression compression = Compression.ofFileName(backup.file().getFileName().toString());
        progress.start("reading " + backup.file().getFileName(), Files.size(backup.file()), "B");
        try (InputStream stored = new Counted(Files.newInputStream(backup.file()), progress);
             InputStream in = compression.decompress(stored);
             FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = Channels.newOutputStream(ch);
            in.transferTo(out);
            ch.force(true);
        } finally {
            progress.done();
        }
    }

    /** Reports bytes as they are read. */
    private static final class Counted extends FilterInputStream {
        private final Progress progress;

        Counted(InputStream in, Progress progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) progress.advance(1);
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) progress.advance(n);
            return n;
        }
    }
}
