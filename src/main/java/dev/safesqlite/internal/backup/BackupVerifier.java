package dev.safesqlite.internal.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Checks a stored backup: its bytes against the manifest's SHA-256 and size, then SQLite's own
 * check of the database inside (through the compression, if any), then the row counts against
 * the manifest.
 */
public final class BackupVerifier {

    /** @param problem null when sound, else what is wrong */
    public record Result(StoredBackup backup, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    private BackupVerifier() {
    }

    /** @param full {@code integrity_check} instead of {@code quick_check} */
    public static Result verify(StoredBackup b, BackupDirectory dir, boolean full) {
        Manifest m = b.manifest();
        try {
            long size = Files.size(b.file());
            if (size != m.bytes()) {
                return new Result(b, "size is " + size + " bytes, the manifest says " + m.bytes() + " (truncated or replaced)");
            }
            String sha = SnapshotWriter.sha256(b.file());
            if (!sha.equals(m.sha256())) {
                return new Result(b, "checksum mismatch: the file changed after it was written (sha256 " + sha + ")");
            }
            Compression compression = Compression.ofFileName(b.file().getFileName().toString());
            Path plain = compression == Compression.NONE ? b.file() : decompress(b.file(), compression, dir);
            try {
                CopyInspection inspection = CopyInspection.of(plain, full ? "full" : "quick");
                if (!inspection.sound()) {
                    return new Result(b, "SQLite reports damage: " + inspection.verify());
                }
                if (m.tables() != null && !Objects.equals(m.tables(), inspection.tables())) {
                    return new Result(b, "row counts " + inspection.tables() + " differ from the manifest's " + m.tables());
                }
            } finally {
                if (plain != b.file()) Files.deleteIfExists(plain);
            }
            return new Result(b, null);
        } catch (IOException | SQLException | RuntimeException e) {
            return new Result(b, "cannot be read: " + e.getMessage());
        }
    }

    /** Decompresses into an owner-only temporary file of the backup directory. */
    public static Path decompress(Path stored, Compression compression, BackupDirectory dir) throws IOException {
        Path plain = dir.newTempFile(".db");
        try (InputStream in = compression.decompress(Files.newInputStream(stored))) {
            // Into the owner-only file itself: replacing it would create a new one with the umask's mode.
            try (var out = Files.newOutputStream(plain, java.nio.file.StandardOpenOption.WRITE,
                    java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                in.transferTo(out);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(plain);
            throw e;
        }
        return plain;
    }
}
