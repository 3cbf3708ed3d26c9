package dev.safesqlite.internal.replica;

import dev.safesqlite.internal.backup.BackupDirectory;
import dev.safesqlite.internal.backup.BackupFailedException;
import dev.safesqlite.internal.backup.BackupName;
import dev.safesqlite.internal.backup.Manifest;
import dev.safesqlite.internal.backup.StoredBackup;
import dev.safesqlite.internal.config.ReplicaKey;
import dev.safesqlite.internal.config.Settings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * One replica as SafeSQLite uses it: the object layout of SPEC section 10
 * ({@code <PREFIX>/<db>/<backup file name>} and {@code .json} beside it, the manifest last),
 * encryption when a key is set, and the checks on the way back.
 */
public final class ReplicaStore implements AutoCloseable {

    private final ReplicaTarget target;
    private final ReplicaCipher cipher;
    private final ReplicaKey key;

    public ReplicaStore(ReplicaTarget target, ReplicaCipher cipher, ReplicaKey key) {
        this.target = target;
        this.cipher = cipher;
        this.key = key;
    }

    /** The target of {@code url} with the key of {@code settings} ({@code replica.encrypt.key}). */
    public static ReplicaStore open(URI url, Settings settings) throws IOException {
        ReplicaKey key = settings.replicaEncryptKey();
        ReplicaCipher cipher = ReplicaTargets.cipher(key);
        return new ReplicaStore(ReplicaTargets.open(url, settings), cipher, key);
    }

    public String url() {
        return target.url();
    }

    private static String dbDir(String stem) {
        return stem;
    }

    /**
     * Sends one backup: its file (encrypted into a temporary file of the backup directory when a
     * key is set), then its manifest. Returns the bytes stored.
     */
    public long upload(StoredBackup b, Path staging) throws IOException {
        String name = b.name().fileName();
        String key = dbDir(b.name().database()) + "/" + name;
        if (cipher == null) {
            target.put(key, b.file(), b.manifest().sha256());
            target.put(key + ".json", b.manifestFile(), sha256(b.manifestFile()));
            return b.manifest().bytes();
        }
        Path enc = stagingFile(staging, ".enc");
        Path sealedFile = null;
        try {
            MessageDigest md = digest();
            try (InputStream in = Files.newInputStream(b.file());
                 OutputStream out = cipher.encrypting(new DigestOutputStream(Files.newOutputStream(enc,
                         StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), md), name)) {
                in.transferTo(out);
            }
            String sha = HexFormat.of().formatHex(md.digest());
            long bytes = Files.size(enc);
            target.put(key, enc, sha);
            SealedManifest sealed = new SealedManifest(Manifest.FORMAT, name, b.manifest().created(),
                    b.manifest().reason(), new SealedManifest.Encryption(cipher.scheme(), this.key.fingerprint()),
                    new SealedManifest.Stored(bytes, sha), Base64.getEncoder().encodeToString(
                            seal(Files.readAllBytes(b.manifestFile()), name + ".json")));
            sealedFile = stagingFile(staging, ".json");
            Files.writeString(sealedFile, sealed.toJson(), StandardOpenOption.TRUNCATE_EXISTING);
            target.put(key + ".json", sealedFile, sha256(sealedFile));
            return bytes;
        } finally {
            Files.deleteIfExists(enc);
            if (sealedFile != null) Files.deleteIfExists(sealedFile);
        }
    }

    /** Staging files live beside the replica's markers, where only the holder of the replica's lock touches them. */
    static final String STAGING_PREFIX = ".stage-";

    private static Path stagingFile(Path dir, String suffix) throws IOException {
        return Files.createTempFile(dir, STAGING_PREFIX, suffix, dev.safesqlite.internal.backup.FilePermissions.ownerOnlyFile());
    }

    private byte[] seal(byte[] plain, String objectName) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (OutputStream out = cipher.encrypting(buf, objectName)) {
            out.write(plain);
        }
        return buf.toByteArray();
    }

    /** Names of the backups of {@code stem} whose object and manifest are both on the replica, newest first. */
    public List<BackupName> names(String stem) throws IOException {
        List<String> objects = target.list(dbDir(stem));
        Set<String> present = new HashSet<>(objects);
        List<BackupName> out = new ArrayList<>();
        for (String o : objects) {
            if (!o.endsWith(".json")) continue;
            String file = o.substring(0, o.length() - ".json".length());
            BackupName n = BackupName.parse(file, stem);
            if (n != null && present.contains(file)) out.add(n);
        }
        out.sort(Comparator.comparing(BackupName::created).reversed());
        return out;
    }

    /** Every backup of {@code stem} on the replica with its manifest (opened with the key when sealed), newest first. */
    public List<RemoteBackup> list(String stem) throws IOException {
        List<RemoteBackup> out = new ArrayList<>();
        for (BackupName n : names(stem)) out.add(describe(n));
        return out;
    }

    /** The backup of that name, read from the replica. */
    public RemoteBackup describe(BackupName n) throws IOException {
        String json;
        try (InputStream in = target.get(dbDir(n.database()) + "/" + n.manifestName())) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException gone) {
            return new RemoteBackup(url(), n, null, null, "its manifest is gone from the replica");
        }
        try {
            SealedManifest sealed = SealedManifest.parseIfSealed(json);
            if (sealed == null) return new RemoteBackup(url(), n, Manifest.fromJson(json), null, null);
            String keyProblem = keyProblem(sealed, n);
            if (keyProblem != null) return new RemoteBackup(url(), n, null, sealed, keyProblem);
            byte[] plain;
            try (InputStream in = cipher.decrypting(new ByteArrayInputStream(Base64.getDecoder().decode(sealed.sealed())),
                    n.manifestName())) {
                plain = in.readAllBytes();
            } catch (IOException | RuntimeException e) {
                return new RemoteBackup(url(), n, null, sealed, "its sealed manifest does not authenticate with the key "
                        + key.fingerprint() + " (damaged, or replaced in the store)");
            }
            return new RemoteBackup(url(), n, Manifest.fromJson(new String(plain, StandardCharsets.UTF_8)), sealed, null);
        } catch (RuntimeException e) {
            return new RemoteBackup(url(), n, null, null, "its manifest cannot be read (" + e.getMessage() + ")");
        }
    }

    private String keyProblem(SealedManifest sealed, BackupName n) {
        if (cipher == null) {
            return "it is encrypted (key " + sealed.encryption().key() + "); set safesqlite.replica.encrypt.key to that key "
                    + "(env:VAR or file:PATH) to read it";
        }
        if (!sealed.encryption().key().equals(key.fingerprint())) {
            return "it was encrypted with the key " + sealed.encryption().key() + ", but safesqlite.replica.encrypt.key="
                    + key.source() + " is the key " + key.fingerprint() + "; set the key it was made with";
        }
        return null;
    }

    /**
     * Downloads a backup into {@code into} as a local backup (decrypted, checked against its
     * manifest's size and SHA-256, published with its manifest last); an identical local backup
     * of the same name is used as it is.
     */
    public StoredBackup fetch(RemoteBackup r, BackupDirectory into) throws IOException {
        // Under the directory's lock throughout: its temporary files are then never taken for a dead process's.
        try {
            return into.exclusively(() -> fetchLocked(r, into));
        } catch (BackupFailedException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new ReplicaException("cannot store " + r.fileName() + " from " + url() + " in " + into.path() + ": "
                    + e.getMessage(), e);
        }
    }

    private StoredBackup fetchLocked(RemoteBackup r, BackupDirectory into) throws IOException {
        if (r.manifest() == null) {
            throw new ReplicaException("cannot fetch " + r.fileName() + " from " + url() + ": " + r.problem());
        }
        Manifest m = r.manifest();
        Path existing = into.path().resolve(r.fileName());
        if (Files.isRegularFile(existing) && Files.isRegularFile(into.path().resolve(r.name().manifestName()))
                && Files.size(existing) == m.bytes() && sha256(existing).equals(m.sha256())) {
            return new StoredBackup(existing, into.path().resolve(r.name().manifestName()), r.name(), m);
        }
        String objectKey = dbDir(r.name().database()) + "/" + r.fileName();
        Path download = null;
        Path plain = null;
        try {
            download = into.newTempFile(".part");
            MessageDigest md = digest();
            try (InputStream in = target.get(objectKey);
                 OutputStream out = new DigestOutputStream(Files.newOutputStream(download, StandardOpenOption.WRITE,
                         StandardOpenOption.TRUNCATE_EXISTING), md)) {
                in.transferTo(out);
            }
            String sha = HexFormat.of().formatHex(md.digest());
            String expected = r.encrypted() ? r.sealed().stored().sha256() : m.sha256();
            if (!sha.equals(expected)) {
                throw new DamagedReplicaException("the object " + objectKey + " in the replica " + url() + " is damaged: "
                        + "its SHA-256 is " + sha + ", its manifest says " + expected + "; pick another backup");
            }
            if (r.encrypted()) {
                plain = into.newTempFile(".db");
                try (InputStream in = cipher.decrypting(Files.newInputStream(download), r.fileName());
                     OutputStream out = Files.newOutputStream(plain, StandardOpenOption.WRITE,
                             StandardOpenOption.TRUNCATE_EXISTING)) {
                    in.transferTo(out);
                } catch (IOException e) {
                    if (isDiskFull(e)) throw e;
                    throw new DamagedReplicaException("the object " + objectKey + " in the replica " + url()
                            + " does not decrypt with the key " + key.fingerprint() + " (" + e.getMessage()
                            + "): it was damaged or replaced in the store; pick another backup", e);
                }
                Files.delete(download);
                download = null;
            } else {
                plain = download;
                download = null;
            }
            if (Files.size(plain) != m.bytes() || !sha256(plain).equals(m.sha256())) {
                throw new DamagedReplicaException("the backup " + r.fileName() + " from the replica " + url()
                        + " does not match its manifest's size and SHA-256; pick another backup");
            }
            try (var ch = java.nio.channels.FileChannel.open(plain, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            StoredBackup published = into.publish(plain, r.name(), m);
            plain = null;
            return published;
        } catch (ReplicaException e) {
            throw e;
        } catch (IOException e) {
            if (isDiskFull(e)) {
                throw new ReplicaException("the disk of " + into.path() + " is full while staging " + r.fileName()
                        + " (" + m.bytes() + " bytes) from " + url() + "; free space there, or point --backup-dir "
                        + "(safesqlite.backup.dir) at a disk with room. Nothing was changed.", e);
            }
            throw new ReplicaException("cannot download " + r.fileName() + " from " + url() + " into " + into.path()
                    + ": " + e.getMessage(), e);
        } finally {
            if (download != null) Files.deleteIfExists(download);
            if (plain != null) Files.deleteIfExists(plain);
        }
    }

    static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String msg = t.getMessage();
            if (msg != null && (msg.contains("No space left") || msg.contains("not enough space") || msg.contains("File too large")
                    || msg.contains("Disk quota exceeded"))) return true;
        }
        return false;
    }

    /** Continuous protection's objects (SPEC 11): change files and restore points. */
    public enum Kind {
        CHANGES("changes"), POINTS("points");

        final String dir;

        Kind(String dir) {
            this.dir = dir;
        }
    }

    /** Suffix of a continuous object encrypted with {@code replica.encrypt.key}: the store never sees its plaintext. */
    public static final String ENCRYPTED = ".enc";

    /** {@code <db>/continuous/changes} or {@code <db>/continuous/points}: beside the database's backups. */
    static String continuousDir(String stem, Kind kind) {
        return dbDir(stem) + "/continuous/" + kind.dir;
    }

    /** A continuous object on the replica: its object name, and the local file name it stands for. */
    public record RemoteFile(String object, String fileName, boolean encrypted) {
    }

    /**
     * Sends one change file or restore point, under its own name ({@code .enc} appended when a key
     * is set, encrypted into {@code staging} first). No manifest: a change file carries its own
     * SHA-256 and is checked when read, an encrypted one is also authenticated. Returns the bytes stored.
     */
    public long uploadContinuous(String stem, Kind kind, Path file, Path staging) throws IOException {
        String name = file.getFileName().toString();
        String dir = continuousDir(stem, kind);
        if (cipher == null) {
            target.put(dir + "/" + name, file, sha256(file));
            return Files.size(file);
        }
        String object = name + ENCRYPTED;
        Path enc = stagingFile(staging, ENCRYPTED);
        try {
            MessageDigest md = digest();
            try (InputStream in = Files.newInputStream(file);
                 OutputStream out = cipher.encrypting(new DigestOutputStream(Files.newOutputStream(enc,
                         StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), md), aad(kind, name))) {
                in.transferTo(out);
            }
            target.put(dir + "/" + object, enc, HexFormat.of().formatHex(md.digest()));
            return Files.size(enc);
        } finally {
            Files.deleteIfExists(enc);
        }
    }

    /** Binds a ciphertext to its kind and name: a point swapped for a change file does not decrypt. */
    private static String aad(Kind kind, String fileName) {
        return "continuous/" + kind.dir + "/" + fileName;
    }

    /** The continuous objects of {@code stem} of that kind on the replica, in any order. */
    public List<RemoteFile> listContinuous(String stem, Kind kind) throws IOException {
        List<RemoteFile> out = new ArrayList<>();
        for (String o : target.list(continuousDir(stem, kind))) {
            boolean enc = o.endsWith(ENCRYPTED);
            out.add(new RemoteFile(o, enc ? o.substring(0, o.length() - ENCRYPTED.length()) : o, enc));
        }
        return out;
    }

    /** Where the object is, for messages: {@code <url>/<db>/continuous/<kind>/<object>}. */
    public String location(String stem, Kind kind, RemoteFile f) {
        return url() + "/" + continuousDir(stem, kind) + "/" + f.object();
    }

    /**
     * Downloads one continuous object into {@code dir} under its local file name (decrypted),
     * through a temporary file renamed into place.
     *
     * @throws DamagedReplicaException when it does not decrypt with the key (damaged, or replaced)
     * @throws java.nio.file.NoSuchFileException when it is gone from the replica
     */
    public Path fetchContinuous(String stem, Kind kind, RemoteFile f, Path dir) throws IOException {
        if (f.encrypted() && cipher == null) {
            throw new ReplicaException(location(stem, kind, f) + " is encrypted; set safesqlite.replica.encrypt.key to the "
                    + "key it was made with (env:VAR or file:PATH) to read it");
        }
        Path target = dir.resolve(f.fileName());
        Path temp = Files.createTempFile(dir, ".fetch-", ".tmp");
        try {
            try (InputStream raw = this.target.get(continuousDir(stem, kind) + "/" + f.object());
                 InputStream in = f.encrypted() ? cipher.decrypting(raw, aad(kind, f.fileName())) : raw;
                 OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                in.transferTo(out);
            } catch (java.nio.file.NoSuchFileException | ReplicaException e) {
                throw e;
            } catch (IOException e) {
                if (isDiskFull(e)) {
                    throw new ReplicaException("the disk of " + dir + " is full while staging " + f.fileName() + " from "
                            + url() + "; free space there, or point --backup-dir (safesqlite.backup.dir) at a disk with room", e);
                }
                if (!f.encrypted()) throw e;
                throw new DamagedReplicaException(location(stem, kind, f) + " does not decrypt with the key "
                        + key.fingerprint() + " (" + e.getMessage() + "): it was damaged or replaced in the store, or "
                        + "encrypted with another key", e);
            }
            try (var ch = java.nio.channels.FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(temp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return target;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Removes one continuous object; no error when it is already gone. */
    public void deleteContinuous(String stem, Kind kind, RemoteFile f) throws IOException {
        target.delete(continuousDir(stem, kind) + "/" + f.object());
    }

    /** Removes a backup from the replica: its manifest first, so a half-deleted backup is never listed as one. */
    public void delete(BackupName n) throws IOException {
        String base = dbDir(n.database()) + "/" + n.fileName();
        target.delete(base + ".json");
        target.delete(base);
    }

    @Override
    public void close() {
        target.close();
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(Path file) throws IOException {
        return FileReplicaTarget.sha256(file);
    }
}
