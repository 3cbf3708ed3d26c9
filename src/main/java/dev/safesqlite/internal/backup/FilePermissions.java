package dev.safesqlite.internal.backup;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A backup is a full copy of the data: backup files are created readable by their owner only
 * (0600) and directories 0700, where the file system knows POSIX permissions.
 */
public final class FilePermissions {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private FilePermissions() {
    }

    public static FileAttribute<?>[] ownerOnlyFile() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    public static FileAttribute<?>[] ownerOnlyDirectory() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
                : new FileAttribute<?>[0];
    }

    /** Creates the directory and any missing parents; the ones created are owner-only. */
    public static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) createDirectories(parent);
        try {
            Files.createDirectory(dir, ownerOnlyDirectory());
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) throw e;
        }
    }

    /** Creates an owner-only file (and owner-only missing directories) unless it exists. */
    public static void createFileIfMissing(Path file) throws IOException {
        if (Files.exists(file)) return;
        createDirectories(file.toAbsolutePath().getParent());
        try {
            Files.createFile(file, ownerOnlyFile());
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // Another process created it between the check and here: just as good.
        }
    }

    /** For files created by code we do not control (logback's gzip); best effort. */
    public static void restrict(Path file) {
        if (!POSIX) return;
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            // Another process may already have deleted it (history cap); the directory is 0700.
        }
    }

    /** Flushes a directory so that a rename inside it survives a power loss (no-op where unsupported). */
    public static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms cannot open a directory for reading; the rename itself stands.
        }
    }
}
