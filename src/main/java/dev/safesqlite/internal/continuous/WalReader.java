package dev.safesqlite.internal.continuous;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads the transactions SQLite committed to a WAL file, as SQLite's own recovery would: a frame
 * counts only if it carries the header's salts and continues the checksum chain, and only frames
 * up to the last valid commit frame are taken (a writer may be appending the next transaction
 * while this reads; its frames are not committed until its commit frame is whole).
 */
final class WalReader {

    static final int HEADER = 32;
    static final int FRAME_HEADER = 24;
    private static final int MAGIC_LE = 0x377f0682;
    private static final int MAGIC_BE = 0x377f0683;

    /** The WAL header: its generation and the seed of the checksum chain. */
    record Header(boolean bigEndian, int pageSize, int salt1, int salt2, int checksum1, int checksum2) {
        WalPosition start() {
            return new WalPosition(salt1, salt2, 0, checksum1, checksum2);
        }
    }

    /** One committed transaction's pages (the last version of each page it wrote) and the database size it left. */
    record Transaction(SortedMap<Integer, byte[]> pages, int databasePages, long commitFrame) {
    }

    /**
     * What was read: the header (null when there is no valid WAL: absent, empty, or never
     * written), whether it is another generation than {@code from}'s, the transactions after
     * {@code from}, and the position after the last of them.
     */
    record Read(Header header, boolean newGeneration, List<Transaction> transactions, WalPosition end) {
    }

    private WalReader() {
    }

    static Header header(FileChannel ch) throws IOException {
        if (ch.size() < HEADER) return null;
        ByteBuffer b = ByteBuffer.allocate(HEADER).order(ByteOrder.BIG_ENDIAN);
        readFully(ch, b, 0);
        int magic = b.getInt(0);
        if (magic != MAGIC_LE && magic != MAGIC_BE) return null;
        boolean big = magic == MAGIC_BE;
        int[] ck = checksum(big, b.array(), 0, 24, 0, 0);
        if (ck[0] != b.getInt(24) || ck[1] != b.getInt(28)) return null;
        int pageSize = b.getInt(8);
        if (pageSize == 1) pageSize = 65536;
        return new Header(big, pageSize, b.getInt(16), b.getInt(20), ck[0], ck[1]);
    }

    /**
     * The committed transactions after {@code from} (null: from the first frame of whatever
     * generation is there). When the WAL is of another generation than {@code from}, reading
     * starts at its first frame and {@link Read#newGeneration} says so.
     */
    static Read read(Path wal, WalPosition from) throws IOException {
        try (FileChannel ch = FileChannel.open(wal, StandardOpenOption.READ)) {
            Header h = header(ch);
            if (h == null) return new Read(null, from != null, List.of(), from);
            boolean newGeneration = from == null || !from.sameGeneration(h.salt1(), h.salt2());
            WalPosition start = newGeneration ? h.start() : from;
            return frames(ch, h, start, newGeneration);
        } catch (NoSuchFileException e) {
            return new Read(null, from != null, List.of(), from);
        }
    }

    /** Whether the WAL still holds, unchanged, the frame {@code at} ends at: the chain can go on from there. */
    static boolean continues(Path wal, WalPosition at) throws IOException {
        if (!Files.exists(wal)) return false;
        try (FileChannel ch = FileChannel.open(wal, StandardOpenOption.READ)) {
            Header h = header(ch);
            if (h == null || !at.sameGeneration(h.salt1(), h.salt2())) return false;
            if (at.frame() == 0) return at.checksum1() == h.checksum1() && at.checksum2() == h.checksum2();
            long offset = HEADER + (at.frame() - 1) * (FRAME_HEADER + (long) h.pageSize());
            if (ch.size() < offset + FRAME_HEADER) return false;
            ByteBuffer fh = ByteBuffer.allocate(FRAME_HEADER).order(ByteOrder.BIG_ENDIAN);
            readFully(ch, fh, offset);
            return fh.getInt(8) == h.salt1() && fh.getInt(12) == h.salt2()
                    && fh.getInt(16) == at.checksum1() && fh.getInt(20) == at.checksum2();
        }
    }

    private static Read frames(FileChannel ch, Header h, WalPosition start, boolean newGeneration) throws IOException {
        int pageSize = h.pageSize();
        long frameSize = FRAME_HEADER + (long) pageSize;
        long size = ch.size();
        List<Transaction> done = new ArrayList<>();
        WalPosition end = start;
        TreeMap<Integer, byte[]> pending = new TreeMap<>();
        int s0 = start.checksum1();
        int s1 = start.checksum2();
        ByteBuffer frame = ByteBuffer.allocate((int) frameSize).order(ByteOrder.BIG_ENDIAN);
        for (long index = start.frame() + 1; HEADER + index * frameSize <= size; index++) {
            frame.clear();
            if (!readFully(ch, frame, HEADER + (index - 1) * frameSize)) break;
            if (frame.getInt(8) != h.salt1() || frame.getInt(12) != h.salt2()) break;
            int[] ck = checksum(h.bigEndian(), frame.array(), 0, 8, s0, s1);
            ck = checksum(h.bigEndian(), frame.array(), FRAME_HEADER, pageSize, ck[0], ck[1]);
            if (ck[0] != frame.getInt(16) || ck[1] != frame.getInt(20)) break;
            s0 = ck[0];
            s1 = ck[1];
            int pgno = frame.getInt(0);
            byte[] page = new byte[pageSize];
            System.arraycopy(frame.array(), FRAME_HEADER, page, 0, pageSize);
            pending.put(pgno, page);
            int commitSize = frame.getInt(4);
            if (commitSize != 0) {
                done.add(new Transaction(pending, commitSize, index));
                pending = new TreeMap<>();
                end = new WalPosition(h.salt1(), h.salt2(), index, s0, s1);
            }
        }
        return new Read(h, newGeneration, done, end);
    }

    private static boolean readFully(FileChannel ch, ByteBuffer b, long offset) throws IOException {
        long pos = offset;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) return false;
            pos += n;
        }
        return true;
    }

    /** SQLite's WAL checksum over {@code len} bytes (a multiple of 8), continuing from (s0, s1). */
    static int[] checksum(boolean bigEndian, byte[] data, int off, int len, int s0, int s1) {
        ByteBuffer b = ByteBuffer.wrap(data, off, len).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (int i = off; i < off + len; i += 8) {
            s0 += b.getInt(i) + s1;
            s1 += b.getInt(i + 4) + s0;
        }
        return new int[] {s0, s1};
    }
}
