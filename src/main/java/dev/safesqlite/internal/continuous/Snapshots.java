package dev.safesqlite.internal.continuous;

import dev.safesqlite.internal.backup.BackupDirectory;
import dev.safesqlite.internal.backup.BackupFailedException;
import dev.safesqlite.internal.backup.Compression;
import dev.safesqlite.internal.backup.StoredBackup;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The full snapshots of continuous protection: backups with reason {@code snapshot} whose manifest
 * records the transaction they hold ({@code position}). Listed and pruned like every backup.
 */
public final class Snapshots {

    public static final String REASON = "snapshot";

    private Snapshots() {
    }

    /** This database's snapshots in {@code backupDir}, highest position first. */
    public static List<StoredBackup> of(Path backupDir, Path database) throws IOException {
        if (!Files.isDirectory(backupDir)) return List.of();
        try {
            return BackupDirectory.open(backupDir).list(database).stream()
                    .filter(b -> REASON.equals(b.manifest().reason()) && b.manifest().position() != null)
                    .sorted(Comparator.comparingLong((StoredBackup b) -> b.manifest().position()).reversed())
                    .toList();
        } catch (BackupFailedException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Writes the snapshot's database into {@code target} (decompressed), checking the stored
     * bytes against the manifest's SHA-256 as they are read.
     *
     * @throws GapException when the file is damaged or gone
     */
    static void copyTo(StoredBackup snapshot, Path target) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Compression compression = Compression.ofFileName(snapshot.file().getFileName().toString());
        try (InputStream in = compression.decompress(new DigestInputStream(
                new java.io.BufferedInputStream(Files.newInputStream(snapshot.file()), 1 << 16), md));
             FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = Channels.newOutputStream(ch);
            in.transferTo(out);
            out.flush();
            in.transferTo(OutputStream.nullOutputStream()); // what a decompressor left unread still counts
        } catch (java.nio.file.NoSuchFileException e) {
            throw new GapException("the snapshot " + snapshot.file() + " is gone", e);
        }
        String sha = HexFormat.of().formatHex(md.digest());
        if (!sha.equals(snapshot.manifest().sha256())) {
            throw new GapException("the snapshot " + snapshot.file() + " fails its SHA-256 check: it is damaged");
        }
    }
}
