package dev.safesqlite.internal.audit;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates audit files readable by their owner only (0600, directories 0700, SPEC section 5):
 * the log holds the SQL of destructive statements. Where the file system has no POSIX
 * permissions (Windows) files are created with its defaults.
 */
final class OwnerOnlyFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private OwnerOnlyFiles() {
    }

    static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        if (POSIX) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
        } else {
            Files.createDirectories(dir);
        }
    }

    static void createFileIfMissing(Path file) throws IOException {
        if (Files.exists(file)) return;
        createDirectories(file.toAbsolutePath().getParent());
        try {
            Files.createFile(file, fileAttributes());
        } catch (FileAlreadyExistsException raced) {
            // Another process created it between the check and here: just as good.
        }
    }

    /** For files created by code we do not control (logback's gzip); best effort. */
    static void restrict(Path file) {
        if (!POSIX) return;
        try {
            Files.setPosixFilePermissions(file, FILE);
        } catch (IOException | UnsupportedOperationException e) {
            // Another process may already have deleted it (history cap); the directory is 0700.
        }
    }

    private static FileAttribute<?>[] fileAttributes() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }
}
