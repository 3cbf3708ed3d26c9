package dev.safesqlite.internal.continuous;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An immutable file of consecutive committed transactions ({@code L<level>-<first>-<last>.changes},
 * txids in 16 hex digits, so names sort in order). Written to a temporary name, fsynced and
 * renamed; its last 32 bytes are the SHA-256 of everything before them, so a damaged or cut file is
 * refused as a whole, never half applied. It also records where in the WAL its last transaction
 * ended, from which the next start continues (after a crash too) without a gap.
 *
 * <pre>
 * "SSQLCHG1" int version int pageSize long first long last long firstTimeMillis long lastTimeMillis
 * int salt1 int salt2 long frame int checksum1 int checksum2      (WAL position after the last)
 * int count, then per transaction:
 *   long txid long timeMillis int databasePages byte uncaptured int pages, then per page: int pgno byte[pageSize]
 * byte[32] SHA-256 of all of the above
 * </pre>
 */
public final class ChangeFile {

    private static final byte[] MAGIC = "SSQLCHG1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    /** A file being written or merged, renamed to its name when whole; one a crash left is removed at takeover. */
    static final String TEMP_PREFIX = ".changes-";
    private static final Pattern NAME = Pattern.compile("L(\\d)-([0-9a-f]{16})-([0-9a-f]{16})\\.changes");

    /** What a file's name says: its level and the txids it holds. */
    public record Name(int level, long first, long last) {
        public String fileName() {
            return "L" + level + "-" + String.format("%016x-%016x", first, last) + ".changes";
        }

        public static Name parse(String fileName) {
            Matcher m = NAME.matcher(fileName);
            if (!m.matches()) return null;
            return new Name(Integer.parseInt(m.group(1)), Long.parseUnsignedLong(m.group(2), 16),
                    Long.parseUnsignedLong(m.group(3), 16));
        }
    }

    /** A file's content: page size, transactions, the WAL position after the last one (null when not from a WAL). */
    public record Content(int pageSize, List<Change> changes, WalPosition end) {
    }

    private ChangeFile() {
    }

    /** Writes {@code changes} (consecutive txids) into {@code dir} under its final name, durably. */
    public static Path write(Path dir, int level, int pageSize, List<Change> changes, WalPosition end) throws IOException {
        if (changes.isEmpty()) throw new IllegalArgumentException("no changes to write");
        Name name = new Name(level, changes.get(0).txid(), changes.get(changes.size() - 1).txid());
        return writeDurably(dir, name, pageSize, changes.get(0).timeMillis(), changes.get(changes.size() - 1).timeMillis(),
                end, out -> {
                    for (Change c : changes) writeChange(out, c);
                });
    }

    /** Writes a file's transactions after its header. */
    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    /** Header, {@code body}, SHA-256 trailer, into a temporary file that is fsynced and renamed to its name. */
    private static Path writeDurably(Path dir, Name name, int pageSize, long firstTime, long lastTime, WalPosition end,
                                     Body body) throws IOException {
        Path target = dir.resolve(name.fileName());
        Path temp = Files.createTempFile(dir, TEMP_PREFIX, ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                MessageDigest md = sha256();
                OutputStream raw = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                DataOutputStream out = new DataOutputStream(new DigestOutputStream(raw, md));
                out.write(MAGIC);
                out.writeInt(VERSION);
                out.writeInt(pageSize);
                out.writeLong(name.first());
                out.writeLong(name.last());
                out.writeLong(firstTime);
                out.writeLong(lastTime);
                WalPosition e = end == null ? new WalPosition(0, 0, -1, 0, 0) : end;
                out.writeInt(e.salt1());
                out.writeInt(e.salt2());
                out.writeLong(e.frame());
                out.writeInt(e.checksum1());
                out.writeInt(e.checksum2());
                out.writeInt((int) (name.last() - name.first() + 1));
                body.write(out);
                out.flush();
                raw.write(md.digest());
                raw.flush();
                ch.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            fsyncDirectory(dir);
            return target;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Receives a file's transactions in order, while it is read. */
    public interface Visitor {
        void change(Change change) throws IOException;
    }

    /** Reads and checks a whole file, holding all its pages in memory: for small files and tests. */
    public static Content read(Path file) throws IOException {
        List<Change> changes = new ArrayList<>();
        Scanned s = scan(file, changes::add);
        return new Content(s.pageSize(), changes, s.end());
    }

    /** What a scan found besides the transactions. */
    public record Scanned(int pageSize, WalPosition end) {
    }

    /**
     * Streams a file's transactions to {@code visitor}, one in memory at a time, and checks the
     * file's SHA-256 at its end: a caller must discard whatever it built when this throws.
     *
     * @throws DamagedChangeException when its checksum, framing or name does not hold
     */
    public static Scanned scan(Path file, Visitor visitor) throws IOException {
        Name name = Name.parse(file.getFileName().toString());
        if (name == null) throw new DamagedChangeException(file + " is not a change file name");
        long size = Files.size(file);
        if (size < 32 + MAGIC.length) throw new DamagedChangeException(file + " is cut short (" + size + " bytes)");
        MessageDigest md = sha256();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            // Only the body goes through the digest; the trailer is compared with it.
            DataInputStream in = new DataInputStream(new DigestInputStream(new BoundedStream(raw, size - 32), md));
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC) || in.readInt() != VERSION) {
                throw new DamagedChangeException(file + " is not a SafeSQLite change file of version " + VERSION);
            }
            int pageSize = in.readInt();
            long first = in.readLong();
            long last = in.readLong();
            in.readLong(); // the times, for readers of the header alone
            in.readLong();
            WalPosition end = new WalPosition(in.readInt(), in.readInt(), in.readLong(), in.readInt(), in.readInt());
            int count = in.readInt();
            if (first != name.first() || last != name.last() || count != last - first + 1 || pageSize < 512
                    || pageSize > 65536) {
                throw new DamagedChangeException(file + " does not hold the transactions its name says");
            }
            for (int i = 0; i < count; i++) {
                long txid = in.readLong();
                long time = in.readLong();
                int dbPages = in.readInt();
                boolean uncaptured = in.readByte() != 0;
                int n = in.readInt();
                if (txid != first + i || n < 0) throw new DamagedChangeException(file + " has its transactions out of order");
                TreeMap<Integer, byte[]> pages = new TreeMap<>();
                for (int p = 0; p < n; p++) {
                    int pgno = in.readInt();
                    byte[] page = new byte[pageSize];
                    in.readFully(page);
                    pages.put(pgno, page);
                }
                visitor.change(new Change(txid, time, dbPages, uncaptured, pages));
            }
            if (in.read() != -1) throw new DamagedChangeException(file + " has bytes after its last transaction");
            byte[] expected = md.digest();
            byte[] trailer = raw.readNBytes(32);
            if (!Arrays.equals(expected, trailer)) {
                throw new DamagedChangeException(file + " fails its SHA-256 check: it is damaged");
            }
            return new Scanned(pageSize, end.frame() < 0 ? null : end);
        } catch (EOFException e) {
            throw new DamagedChangeException(file + " is cut short: " + e.getMessage());
        }
    }

    /**
     * Writes one file of level {@code level} holding every transaction of {@code sources} (consecutive
     * files, in order), streaming: compaction, so a restore reads few files. Each source is checked
     * whole before the merged file is renamed into place.
     */
    public static Path merge(Path dir, int level, List<Path> sources) throws IOException {
        List<Header> headers = new ArrayList<>();
        for (Path p : sources) headers.add(header(p));
        Name name = new Name(level, headers.get(0).name().first(), headers.get(headers.size() - 1).name().last());
        for (int i = 1; i < headers.size(); i++) {
            if (headers.get(i).name().first() != headers.get(i - 1).name().last() + 1) {
                throw new IllegalArgumentException("change files to merge are not consecutive");
            }
        }
        int pageSize = scanPageSize(sources.get(0));
        return writeDurably(dir, name, pageSize, headers.get(0).firstTimeMillis(),
                headers.get(headers.size() - 1).lastTimeMillis(), headers.get(headers.size() - 1).end(), out -> {
                    for (Path source : sources) {
                        Scanned s = scan(source, c -> writeChange(out, c));
                        if (s.pageSize() != pageSize) throw new DamagedChangeException(source + " has another page size");
                    }
                });
    }

    private static int scanPageSize(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 64))) {
            in.skipNBytes(MAGIC.length + 4);
            return in.readInt();
        }
    }

    private static void writeChange(DataOutputStream out, Change c) throws IOException {
        out.writeLong(c.txid());
        out.writeLong(c.timeMillis());
        out.writeInt(c.databasePages());
        out.writeByte(c.uncaptured() ? 1 : 0);
        out.writeInt(c.pages().size());
        for (var p : c.pages().entrySet()) {
            out.writeInt(p.getKey());
            out.write(p.getValue());
        }
    }

    /** What a file's header says, without reading (or checking) its pages: for listings. */
    public record Header(Name name, long firstTimeMillis, long lastTimeMillis, WalPosition end) {
    }

    public static Header header(Path file) throws IOException {
        Name name = Name.parse(file.getFileName().toString());
        if (name == null) throw new DamagedChangeException(file + " is not a change file name");
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 256))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC) || in.readInt() != VERSION) {
                throw new DamagedChangeException(file + " is not a SafeSQLite change file of version " + VERSION);
            }
            in.readInt();
            if (in.readLong() != name.first() || in.readLong() != name.last()) {
                throw new DamagedChangeException(file + " does not hold the transactions its name says");
            }
            long t0 = in.readLong();
            long t1 = in.readLong();
            WalPosition end = new WalPosition(in.readInt(), in.readInt(), in.readLong(), in.readInt(), in.readInt());
            return new Header(name, t0, t1, end.frame() < 0 ? null : end);
        } catch (EOFException e) {
            throw new DamagedChangeException(file + " is cut short: " + e.getMessage());
        }
    }

    static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems cannot open a directory; the rename is still atomic
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** The first {@code limit} bytes of a stream, then end of stream (leaves the rest for the caller). */
    private static final class BoundedStream extends java.io.FilterInputStream {
        private long left;

        BoundedStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) return -1;
            int b = super.read();
            if (b >= 0) left--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) return -1;
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) left -= n;
            return n;
        }

        @Override
        public void close() {
            // the caller closes the underlying stream
        }
    }
}
