package dev.safesqlite.internal.replica;

import dev.safesqlite.internal.backup.FilePermissions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code file:///PATH}: another disk or a mounted NAS. Each object is written to a hidden
 * temporary name, fsynced, read back and checked against its SHA-256, then renamed into place,
 * so a reader never sees half an object.
 */
public final class FileReplicaTarget implements ReplicaTarget {

    static final String TEMP_PREFIX = ".tmp-";

    private final String url;
    private final Path root;

    public FileReplicaTarget(String url, Path root) {
        this.url = url;
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public void put(String key, Path file, String sha256Hex) throws IOException {
        Path target = resolve(key);
        Path dir = target.getParent();
        try {
            FilePermissions.createDirectories(dir);
        } catch (IOException e) {
            throw new ReplicaException("cannot create " + dir + " in the replica " + url + " (" + e
                    + "); check that it is mounted and writable", e);
        }
        Path tmp = dir.resolve(TEMP_PREFIX + ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            try (FileChannel out = FileChannel.open(tmp, java.util.Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), FilePermissions.ownerOnlyFile());
                 FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = in.size();
                long done = 0;
                while (done < size) done += in.transferTo(done, size - done, out);
                out.force(true);
            }
            String stored = sha256(tmp);
            if (!stored.equals(sha256Hex)) {
                throw new ReplicaException("the copy of " + file + " in the replica " + url + " reads back with SHA-256 "
                        + stored + ", not " + sha256Hex + "; the replica's disk may be failing");
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            FilePermissions.fsyncDirectory(dir);
        } catch (ReplicaException e) {
            throw e;
        } catch (IOException e) {
            throw new ReplicaException("cannot write " + target + " in the replica " + url + " (" + e
                    + "); check that it is mounted, writable and has free space", e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public List<String> list(String dir) throws IOException {
        Path d = resolve(dir);
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(d)) {
            if (!Files.isDirectory(root)) {
                throw new ReplicaException("the replica " + url + " does not exist (no directory " + root
                        + "); check the path in safesqlite.replica.url, and that the disk is mounted");
            }
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(d)) {
            for (Path p : files) {
                String n = p.getFileName().toString();
                if (!n.startsWith(TEMP_PREFIX) && Files.isRegularFile(p)) out.add(n);
            }
        }
        return out;
    }

    @Override
    public InputStream get(String key) throws IOException {
        Path p = resolve(key);
        try {
            return Files.newInputStream(p);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(url + "/" + key, null, "not in the replica");
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Path p = resolve(key);
        Files.deleteIfExists(p);
        if (p.getParent() != null && Files.isDirectory(p.getParent())) FilePermissions.fsyncDirectory(p.getParent());
    }

    @Override
    public void close() {
        // nothing held open
    }

    private Path resolve(String key) {
        Path p = root.resolve(key).normalize();
        if (!p.startsWith(root)) throw new IllegalArgumentException("key outside the replica: " + key);
        return p;
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
