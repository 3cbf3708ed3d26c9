package dev.safesqlite.internal.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The names of one audit log on disk: the active file ({@code audit.log}), its rolled archives
 * ({@code audit.2026-11-21.0.log.gz}: UTC day, then a counter within the day) and the lock file
 * ({@code audit.log.lock}). Lists them in the order they were written.
 */
final class RolledFiles {

    private final Path active;
    private final String stem;
    private final String extension;
    private final Pattern archiveName;

    RolledFiles(Path active) {
        this.active = canonical(active);
        String name = this.active.getFileName().toString();
        int dot = name.lastIndexOf('.');
        this.stem = dot > 0 ? name.substring(0, dot) : name;
        this.extension = dot > 0 ? name.substring(dot) : "";
        // Also matches an archive left uncompressed when gzip failed.
        this.archiveName = Pattern.compile(Pattern.quote(stem) + "\\.(\\d{4}-\\d{2}-\\d{2})\\.(\\d{1,9})"
                + Pattern.quote(extension) + "(\\.gz)?");
    }

    /**
     * One spelling per file, symbolic links resolved in the part of the path that exists: two
     * spellings would get two writers in one JVM, and the JVM refuses a second lock on a file it
     * has locked (OverlappingFileLockException) instead of waiting. The log's own directory may
     * not exist yet (a database's first connection opens the log before its first backup makes
     * {@code backups/}), so the nearest existing ancestor is resolved and the rest kept as given.
     */
    private static Path canonical(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        for (Path existing = absolute.getParent(); existing != null; existing = existing.getParent()) {
            try {
                return existing.toRealPath().resolve(existing.relativize(absolute));
            } catch (IOException notCreatedYet) {
                // try its parent
            }
        }
        return absolute;
    }

    Path active() {
        return active;
    }

    Path directory() {
        return active.getParent();
    }

    Path lockFile() {
        return active.resolveSibling(active.getFileName() + ".lock");
    }

    /**
     * logback's file name pattern for the archives. The day is taken in UTC, like every
     * {@code ts} in the log, so a file's name matches the lines inside it.
     */
    String archivePattern() {
        return directory().resolve(stem + ".%d{yyyy-MM-dd,UTC}.%i" + extension + ".gz").toString();
    }

    /** Rolled archives, oldest first. */
    List<Path> archives() throws IOException {
        if (!Files.isDirectory(directory())) return List.of();
        List<Archive> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory())) {
            files.forEach(p -> {
                Matcher m = archiveName.matcher(p.getFileName().toString());
                if (m.matches()) found.add(new Archive(p, m.group(1), Integer.parseInt(m.group(2))));
            });
        }
        found.sort(Comparator.comparing(Archive::day).thenComparingInt(Archive::index));
        return found.stream().map(Archive::path).toList();
    }

    /** Every file of the log in the order written: archives, then the active file. */
    List<Path> allInOrder() throws IOException {
        List<Path> all = new ArrayList<>(archives());
        if (Files.exists(active)) all.add(active);
        return all;
    }

    static boolean isGzip(Path file) {
        return file.getFileName().toString().endsWith(".gz");
    }

    private record Archive(Path path, String day, int index) {
    }
}
