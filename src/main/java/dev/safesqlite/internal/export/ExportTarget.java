package dev.safesqlite.internal.export;

import dev.safesqlite.internal.backup.FilePermissions;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Where an export goes: a directory of files or one zip file. Everything is written under a
 * hidden temporary name beside the destination, fsynced, and renamed into place only when
 * complete, so a failed export (a full disk) leaves nothing half-written that looks finished.
 * An export never overwrites: the destination must not exist, or be an empty directory.
 */
public final class ExportTarget implements AutoCloseable {

    private final Path destination;
    private final Path temp;
    private final ZipOutputStream zip;
    private boolean committed;

    private ExportTarget(Path destination, Path temp, ZipOutputStream zip) {
        this.destination = destination;
        this.temp = temp;
        this.zip = zip;
    }

    /** Files in the directory {@code dir}. */
    public static ExportTarget directory(Path dir) throws IOException {
        Path d = dir.toAbsolutePath().normalize();
        refuseExisting(d);
        Path temp = d.resolveSibling("." + d.getFileName() + ".export-" + ProcessHandle.current().pid());
        deleteTree(temp);
        FilePermissions.createDirectories(temp);
        return new ExportTarget(d, temp, null);
    }

    /** One zip file. */
    public static ExportTarget zip(Path file) throws IOException {
        Path f = file.toAbsolutePath().normalize();
        refuseExisting(f);
        Path temp = f.resolveSibling("." + f.getFileName() + ".export-" + ProcessHandle.current().pid());
        Files.deleteIfExists(temp);
        FilePermissions.createDirectories(f.getParent());
        Files.createFile(temp, FilePermissions.ownerOnlyFile());
        return new ExportTarget(f, temp, new ZipOutputStream(new java.io.BufferedOutputStream(new SyncedFile(temp), 1 << 16)));
    }

    public Path destination() {
        return destination;
    }

    /** A new file (or zip entry) named {@code name}; closing the stream finishes it. */
    public OutputStream file(String name) throws IOException {
        if (zip != null) {
            zip.putNextEntry(new ZipEntry(name));
            return new FilterOutputStream(zip) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    zip.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                    zip.closeEntry();
                }
            };
        }
        return new SyncedFile(Files.createFile(temp.resolve(name), FilePermissions.ownerOnlyFile()));
    }

    /** Renames the complete export into place. */
    public void commit() throws IOException {
        if (zip != null) zip.close();
        FilePermissions.fsyncDirectory(temp);
        if (Files.isDirectory(destination)) Files.delete(destination); // empty, checked at the start
        try {
            Files.move(temp, destination, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, destination);
        }
        FilePermissions.fsyncDirectory(destination.getParent());
        committed = true;
    }

    /** Removes what an unfinished export wrote. */
    @Override
    public void close() throws IOException {
        if (committed) return;
        if (zip != null) {
            try {
                zip.close();
            } catch (IOException e) {
                // the temporary zip is deleted below either way
            }
        }
        deleteTree(temp);
    }

    private static void refuseExisting(Path p) throws IOException {
        if (!Files.exists(p)) return;
        if (Files.isDirectory(p)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(p)) {
                if (!s.iterator().hasNext()) return;
            }
        }
        throw new ExportRefusedException(p + " already exists" + (Files.isDirectory(p) ? " and is not empty" : "")
                + "; an export never overwrites: name a new directory, or move the old export away");
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> all = Files.walk(p)) {
            for (Path q : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        }
    }

    /** A file output stream that is fsynced when closed. */
    private static final class SyncedFile extends FileOutputStream {
        SyncedFile(Path file) throws IOException {
            super(file.toFile());
        }

        @Override
        public void close() throws IOException {
            try {
                getFD().sync();
            } finally {
                super.close();
            }
        }
    }
}
