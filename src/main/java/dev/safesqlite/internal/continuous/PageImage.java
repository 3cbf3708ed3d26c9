package dev.safesqlite.internal.continuous;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A database file built page by page, as SQLite's checkpoint would build it: each kept page
 * written at its place, the file cut or grown to the size the transaction left. Byte-exact, so a
 * later transaction's pages fit on it, which a copy through the backup API or VACUUM INTO would
 * not guarantee.
 */
final class PageImage {

    private PageImage() {
    }

    /** Writes the pages of {@code change} into the open file and sets its size. */
    static void apply(FileChannel ch, int pageSize, int databasePages, SortedMap<Integer, byte[]> pages) throws IOException {
        for (var p : pages.entrySet()) {
            if (p.getKey() > databasePages) continue; // a page the same transaction let go of again
            ByteBuffer b = ByteBuffer.wrap(p.getValue());
            long pos = (long) (p.getKey() - 1) * pageSize;
            while (b.hasRemaining()) pos += ch.write(b, pos);
        }
        long size = (long) databasePages * pageSize;
        if (ch.size() > size) ch.truncate(size);
        else if (ch.size() < size) ch.write(ByteBuffer.wrap(new byte[1]), size - 1); // pages the change did not write are zero
    }

    static void apply(Path file, int pageSize, Iterable<Change> changes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            for (Change c : changes) apply(ch, pageSize, c.databasePages(), c.pages());
        }
    }

    /**
     * The pages where {@code after} differs from {@code before} (same page size; null: every page
     * of {@code after}), and the size of {@code after} in pages: one change that turns the first
     * into the second.
     */
    static Change difference(Path before, Path after, int pageSize, long txid, long timeMillis) throws IOException {
        TreeMap<Integer, byte[]> pages = new TreeMap<>();
        int afterPages;
        try (FileChannel a = before == null ? null : FileChannel.open(before, StandardOpenOption.READ);
             FileChannel b = FileChannel.open(after, StandardOpenOption.READ)) {
            afterPages = (int) (b.size() / pageSize);
            ByteBuffer pa = ByteBuffer.allocate(pageSize);
            ByteBuffer pb = ByteBuffer.allocate(pageSize);
            for (int pgno = 1; pgno <= afterPages; pgno++) {
                long pos = (long) (pgno - 1) * pageSize;
                read(b, pb, pos);
                boolean inBefore = a != null && pos + pageSize <= a.size();
                if (inBefore) read(a, pa, pos);
                if (!inBefore || !Arrays.equals(pa.array(), pb.array())) pages.put(pgno, pb.array().clone());
            }
        }
        return new Change(txid, timeMillis, afterPages, true, pages);
    }

    private static void read(FileChannel ch, ByteBuffer into, long pos) throws IOException {
        into.clear();
        while (into.hasRemaining()) {
            int n = ch.read(into, pos + into.position());
            if (n < 0) {
                while (into.hasRemaining()) into.put((byte) 0);
                break;
            }
        }
    }
}
