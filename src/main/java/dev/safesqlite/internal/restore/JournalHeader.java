package dev.safesqlite.internal.restore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The two header bytes (offsets 18 and 19) that say whether a database file is in WAL mode:
 * 2 for WAL, 1 for a rollback journal. Setting them is exactly what {@code journal_mode=WAL}
 * writes, without opening the file and creating a -wal and -shm beside a temporary name.
 */
final class JournalHeader {

    private static final int OFFSET = 18;

    private JournalHeader() {
    }

    /** Marks the file WAL or rollback-journal and fsyncs it. */
    static void set(Path file, boolean wal) throws IOException {
        byte v = (byte) (wal ? 2 : 1);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {v, v}), OFFSET);
            ch.force(true);
        }
    }
}
