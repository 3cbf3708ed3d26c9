package dev.safesqlite.internal.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.security.DigestOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.sqlite.SQLiteConnection;

/**
 * Takes one consistent, verified backup of a live database into a {@link BackupDirectory}.
 *
 * <p>The copy is made with SQLite's online backup API on a connection of its own: in WAL
 * mode that connection reads the last committed state without blocking writers, and it
 * never sees the application's open transaction. All pages are copied in one step; with
 * SQLite's default of 100 pages per step, a steady writer restarts the backup forever.
 * The copy is then made self-contained (journal mode DELETE in its header, so no -wal is
 * needed beside it), fsynced, checked, optionally compressed, checksummed over the stored
 * bytes, and only then renamed into place with its manifest written last.
 */
public final class SnapshotWriter {

    private static final int BUSY_SLEEP_MS = 20;
    private static final int BUSY_RETRIES = 500; // 10 s while another connection holds an exclusive lock

    /**
     * Writes the database's pages into the (empty) temporary file: SQLite's backup API by
     * default; continuous protection builds a snapshot of a known transaction itself.
     */
    public interface Source {
        void copyTo(Path temp) throws BackupFailedException;
    }

    /**
     * What the snapshot is for: reason, trigger, settings that shape it; {@code source} null for
     * SQLite's backup API, {@code position} the transaction a continuous snapshot holds (else null).
     */
    public record Request(Path database, String reason, Manifest.Trigger trigger, String verify,
                          Compression compression, boolean pinned, String restores, Source source, Long position) {

        public Request(Path database, String reason, Manifest.Trigger trigger, String verify,
                       Compression compression, boolean pinned, String restores) {
            this(database, reason, trigger, verify, compression, pinned, restores, null, null);
        }

        /** A snapshot that is not taken before a restore ({@link Manifest#restores()} stays null). */
        public Request(Path database, String reason, Manifest.Trigger trigger, String verify,
                       Compression compression, boolean pinned) {
            this(database, reason, trigger, verify, compression, pinned, null);
        }
    }

    private SnapshotWriter() {
    }

    /** Writes, verifies and publishes a backup; on any failure nothing is left that looks like a backup. */
    public static StoredBackup write(BackupDirectory dir, Request request) throws BackupFailedException {
        return dir.exclusively(() -> writeLocked(dir, request));
    }

    private static StoredBackup writeLocked(BackupDirectory dir, Request request)
            throws BackupFailedException, IOException {
        Path db = request.database();
        String stem = BackupName.stem(db);
        Path temp = dir.newTempFile(".db");
        Path compressedTemp = null;
        try {
            Instant created = Instant.now();
            if (request.source() == null) copy(db, temp);
            else request.source().copyTo(temp);
            makeSelfContained(temp);
            Compression compression = request.compression();
            // Uncompressed, the checksum is computed while SQLite checks the copy: two reads of
            // the same (cached) file on two cores instead of one after the other. Compressed, it
            // is taken over the stored bytes while they are written.
            CompletableFuture<String> sha = compression == Compression.NONE
                    ? CompletableFuture.supplyAsync(() -> sha256(temp)) : null;
            CopyInspection inspection;
            try {
                inspection = CopyInspection.of(temp, request.verify());
            } catch (SQLException e) {
                throw new BackupFailedException("the backup copy of " + db + " could not be checked: " + e.getMessage(), e);
            }
            if (!inspection.sound()) {
                throw new BackupFailedException("the backup copy of " + db + " failed its integrity check ("
                        + inspection.verify() + "); the database itself may be damaged: run "
                        + "'PRAGMA integrity_check' on it and restore from an earlier backup", null);
            }
            Path stored = temp;
            String checksum;
            if (compression == Compression.NONE) {
                checksum = join(sha);
            } else {
                stored = dir.newTempFile(".db" + compression.suffix());
                compressedTemp = stored;
                checksum = compressInto(temp, stored, compression);
            }
            BackupName name = new BackupName(stem, created, request.reason(), compression.suffix());
            Manifest manifest = new Manifest(Manifest.FORMAT, db.toString(), name.fileName(), created.toString(),
                    request.reason(), request.trigger(), Files.size(stored), checksum, inspection.pageSize(),
                    inspection.pageCount(), inspection.userVersion(), inspection.sqliteVersion(),
                    inspection.verify(), compression.label(), request.pinned(), inspection.tables(),
                    request.restores(), request.position());
            return dir.publish(stored, name, manifest);
        } finally {
            Files.deleteIfExists(temp);
            // A backup API copy that failed midway (a full disk) leaves its rollback journal beside it.
            Files.deleteIfExists(temp.resolveSibling(temp.getFileName() + "-journal"));
            if (compressedTemp != null) Files.deleteIfExists(compressedTemp);
        }
    }

    private static void copy(Path db, Path temp) throws BackupFailedException {
        if (!Files.isRegularFile(db)) {
            throw new BackupFailedException("the database file " + db + " does not exist", null);
        }
        try (LiveConnection live = LiveConnection.open(db, 10_000)) {
            SQLiteConnection source = live.connection();
            int rc = source.getDatabase().backup("main", temp.toString(), null, BUSY_SLEEP_MS, BUSY_RETRIES, -1);
            if (rc != 0) {
                throw new BackupFailedException("SQLite's backup of " + db + " to " + temp.getParent()
                        + " failed with result code " + rc + describe(rc), null);
            }
        } catch (SQLException e) {
            throw new BackupFailedException("SQLite's backup of " + db + " to " + temp.getParent() + " failed: "
                    + e.getMessage() + hintFor(e), e);
        }
    }

    private static String describe(int rc) {
        return switch (rc & 0xff) {
            case 5, 6 -> " (the database stayed locked; retry when the writer is done)";
            case 13 -> " (disk full: free space in the backup directory or set safesqlite.backup.dir)";
            case 10 -> " (I/O error writing the backup: check the backup directory's disk)";
            case 26 -> " (the file is not an SQLite database)";
            default -> "";
        };
    }

    private static String hintFor(SQLException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("SQLITE_FULL") || m.contains("disk is full")) {
            return " (disk full: free space in the backup directory or set safesqlite.backup.dir)";
        }
        return "";
    }

    /**
     * A copy made by the backup API keeps the WAL flag in its header (bytes 18 and 19 = 2);
     * setting them to 1 is exactly what {@code journal_mode=DELETE} writes, without opening the
     * copy in WAL mode and creating a -wal and -shm beside it. Then the copy is fsynced.
     */
    static void makeSelfContained(Path copy) throws IOException {
        try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer header = ByteBuffer.allocate(2);
            ch.read(header, 18);
            if (header.get(0) == 2 || header.get(1) == 2) {
                ch.write(ByteBuffer.wrap(new byte[] {1, 1}), 18);
            }
            ch.force(true);
        }
    }

    /** Streams the copy through the compressor into {@code target}, fsyncs it, and returns the SHA-256 of the stored bytes. */
    private static String compressInto(Path copy, Path target, Compression compression) throws IOException {
        MessageDigest md = sha256Digest();
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE)) {
            try (OutputStream out = compression.compress(new DigestOutputStream(
                    new java.io.BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16), md))) {
                Files.copy(copy, out);
            }
        }
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** SHA-256 of a file, read through a memory mapping (no copy per block). */
    static String sha256(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MessageDigest md = sha256Digest();
            long size = ch.size();
            long chunk = 1L << 28; // mappings are limited to 2 GB each
            for (long pos = 0; pos < size; pos += chunk) {
                md.update(ch.map(FileChannel.MapMode.READ_ONLY, pos, Math.min(chunk, size - pos)));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String join(CompletableFuture<String> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while checksumming the backup", e);
        } catch (ExecutionException e) {
            throw new IOException("cannot checksum the backup: " + e.getCause(), e.getCause());
        }
    }
}
