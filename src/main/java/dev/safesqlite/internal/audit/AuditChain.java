package dev.safesqlite.internal.audit;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The hash chain of the audit log: every line's {@code prev} is the hex SHA-256 of the line
 * before it (its UTF-8 bytes, without the newline), across rolled files. Editing, deleting,
 * inserting or reordering lines breaks a link, and {@link #verify} names the first broken one.
 *
 * <p>What a chain cannot show: lines cut from the very end (nothing follows them), and lines
 * before the oldest file still on disk (the caps delete old files; the first line left is taken
 * as the anchor, and {@link Report#startsAtGenesis} says whether it was the first line ever).
 */
public final class AuditChain {

    /** The {@code prev} of the first line ever written to a log. */
    public static final String GENESIS = "0".repeat(64);

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private AuditChain() {
    }

    /** The link to {@code line}: hex SHA-256 of its bytes (no newline). */
    static String hash(byte[] line) {
        return HexFormat.of().formatHex(sha256().digest(line));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Checks every line of the log whose active file is {@code auditFile}: its rolled archives
     * oldest first (gzipped or not), then the active file. Takes the log's lock shared, so
     * writers in this or other processes neither roll nor half-write a line meanwhile.
     */
    public static Report verify(Path auditFile) throws IOException {
        RolledFiles files = new RolledFiles(auditFile);
        try (AuditFileLock lock = AuditFileLock.forReading(files.lockFile());
             AuditFileLock.Held held = lock.acquire()) {
            return new Walk().through(files.allInOrder());
        }
    }

    /** The outcome of {@link #verify}. {@code firstBreak} is empty when the chain is intact. */
    public record Report(List<Path> files, long lines, boolean startsAtGenesis, Optional<Break> firstBreak) {
        public boolean intact() {
            return firstBreak.isEmpty();
        }

        @Override
        public String toString() {
            return firstBreak.map(Break::toString).orElse("intact: " + lines + " line(s) in " + files.size()
                    + " file(s), " + (startsAtGenesis ? "from the first line ever written"
                    : "from the oldest line kept (older files were deleted by the caps)"));
        }
    }

    /** The first line whose link does not hold: file, 1-based line number in it, and why. */
    public record Break(Path file, long line, String reason) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + reason;
        }
    }

    /** Walks the lines in order, keeping the hash of the line before. */
    private static final class Walk {
        private final MessageDigest sha256 = sha256();
        private final List<Path> seen = new ArrayList<>();
        private long total;
        private boolean startsAtGenesis;
        private String previousHash;
        private Path previousFile;

        Report through(List<Path> files) throws IOException {
            for (Path file : files) {
                seen.add(file);
                Break b = walkFile(file);
                if (b != null) return new Report(List.copyOf(seen), total, startsAtGenesis, Optional.of(b));
                previousFile = file;
            }
            return new Report(List.copyOf(seen), total, startsAtGenesis, Optional.empty());
        }

        private Break walkFile(Path file) throws IOException {
            try (InputStream in = open(file)) {
                ByteArrayOutputStream line = new ByteArrayOutputStream(512);
                long number = 0;
                int b;
                while ((b = in.read()) != -1) {
                    if (b != '\n') {
                        line.write(b);
                        continue;
                    }
                    Break broken = check(file, ++number, line.toByteArray());
                    if (broken != null) return broken;
                    line.reset();
                }
                // A last line without its newline: a write that was cut off.
                return line.size() == 0 ? null : check(file, ++number, line.toByteArray());
            }
        }

        private Break check(Path file, long number, byte[] line) {
            total++;
            String prev = prevOf(line);
            String expected = previousHash;
            previousHash = HexFormat.of().formatHex(sha256.digest(line));
            if (prev == null) {
                return new Break(file, number, "not an audit record (no JSON object with a \"prev\" hash):"
                        + " the line was changed, or a write was cut off");
            }
            if (expected == null) {
                startsAtGenesis = GENESIS.equals(prev);
                return null;
            }
            if (prev.equals(expected)) return null;
            if (number > 1) {
                return new Break(file, number, "does not follow line " + (number - 1) + ": line " + (number - 1)
                        + " was changed, or lines between them were deleted or moved");
            }
            return new Break(file, number, "does not follow the last line of " + previousFile.getFileName()
                    + ": that line was changed, or lines or whole rolled files between them were deleted or moved");
        }

        private static String prevOf(byte[] line) {
            try {
                JsonElement json = JsonParser.parseString(new String(line, StandardCharsets.UTF_8));
                if (!json.isJsonObject()) return null;
                JsonElement prev = json.getAsJsonObject().get("prev");
                if (prev == null || !prev.isJsonPrimitive() || !prev.getAsJsonPrimitive().isString()) return null;
                String hex = prev.getAsString();
                return HASH.matcher(hex).matches() ? hex : null;
            } catch (JsonParseException e) {
                return null;
            }
        }

        private static InputStream open(Path file) throws IOException {
            InputStream raw = Files.newInputStream(file);
            return new BufferedInputStream(RolledFiles.isGzip(file) ? new GZIPInputStream(raw, 65536) : raw, 65536);
        }
    }
}
