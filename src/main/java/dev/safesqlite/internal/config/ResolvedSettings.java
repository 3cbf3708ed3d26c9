package dev.safesqlite.internal.config;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The settings recent connections were resolved to, by everything they were resolved from, so
 * that a connection opened like an earlier one costs a look-up instead of parsing every default
 * and reading the settings file again (issue 17: an unpooled application pays that per
 * connection). Under the agent each engine copy (one per sqlite-jdbc class loader) has its own.
 *
 * <p>The settings file is part of the key as a stamp of the file: where it is, its file key
 * (inode), size and modification time. A file modified in the last {@value #RACY_SECONDS}
 * seconds is never cached, as git does with its index: a file system's clock ticks in steps of a
 * few milliseconds (a second or two on some), so a file rewritten within one tick at the same
 * size would otherwise look unchanged. Nothing is cached when the file cannot be read (the
 * resolution then fails as it always did) or is not a plain file or jar entry.
 */
final class ResolvedSettings {

    static final int RACY_SECONDS = 2;
    private static final int KEPT = 64;

    /** What one resolution read; maps hold only {@code safesqlite.*} entries (or the URL's and agent's own). */
    record Inputs(Map<String, String> commandLine, Map<String, String> connectionProperties,
                  Map<String, String> urlParameters, Map<String, String> agentArguments,
                  Map<String, String> systemProperties, Object settingsFile) {
        // Written out: a record's generated equals/hashCode bootstrap java.lang.runtime.ObjectMethods
        // on first use, about 15 ms of the JVM's first connection (issue 17).
        @Override
        public boolean equals(Object o) {
            return o instanceof Inputs i && commandLine.equals(i.commandLine)
                    && connectionProperties.equals(i.connectionProperties) && urlParameters.equals(i.urlParameters)
                    && agentArguments.equals(i.agentArguments) && systemProperties.equals(i.systemProperties)
                    && Objects.equals(settingsFile, i.settingsFile);
        }

        @Override
        public int hashCode() {
            int h = commandLine.hashCode();
            h = 31 * h + connectionProperties.hashCode();
            h = 31 * h + urlParameters.hashCode();
            h = 31 * h + agentArguments.hashCode();
            h = 31 * h + systemProperties.hashCode();
            return 31 * h + Objects.hashCode(settingsFile);
        }
    }

    /** A settings file as it is now: a change of place, inode, size or time is another file. */
    private record Stamp(String where, Object fileKey, long size, long modifiedNanos) {
        // Written out for the same reason as Inputs'.
        @Override
        public boolean equals(Object o) {
            return o instanceof Stamp s && where.equals(s.where) && Objects.equals(fileKey, s.fileKey)
                    && size == s.size && modifiedNanos == s.modifiedNanos;
        }

        @Override
        public int hashCode() {
            return ((where.hashCode() * 31 + Objects.hashCode(fileKey)) * 31 + Long.hashCode(size)) * 31
                    + Long.hashCode(modifiedNanos);
        }
    }

    /** No settings file is found; the resolution reads none. */
    private static final Object NO_FILE = "no settings file";

    private static final Map<Inputs, Settings> KNOWN = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Inputs, Settings> eldest) {
            return size() > KEPT;
        }
    };

    private ResolvedSettings() {
    }

    /** The resolution found or made last: most connections of an application are opened alike. */
    private record Last(Inputs inputs, Settings settings) {
    }

    private static volatile Last last;

    static Settings get(Inputs inputs) {
        Last l = last;
        if (l != null && l.inputs().equals(inputs)) return l.settings(); // no hashing, no lock
        Settings known;
        synchronized (KNOWN) {
            known = KNOWN.get(inputs);
        }
        if (known != null) last = new Last(inputs, known);
        return known;
    }

    static void put(Inputs inputs, Settings settings) {
        synchronized (KNOWN) {
            KNOWN.put(inputs, settings);
        }
        last = new Last(inputs, settings);
    }

    /**
     * The settings file the resolution would read, found the same way ({@code named}, else
     * {@code ./safesqlite.properties}, else the resource on the context class path, found once
     * per class loader: {@link ClassPathSettingsFile}), as a stamp; null when it must be read afresh.
     */
    static Object fileStamp(String named) {
        if (named != null && !named.isBlank()) return stamp(named, pathOf(named.trim()));
        // java.io.File: a missing file is a false, not an exception built and caught per connection
        if (new java.io.File("safesqlite.properties").isFile()) {
            Path local = Path.of("safesqlite.properties");
            return stamp(local.toAbsolutePath().toString(), local);
        }
        URL resource = ClassPathSettingsFile.find();
        if (resource == null) return NO_FILE;
        try {
            return switch (resource.getProtocol()) {
                case "file" -> stamp(resource.toString(), Path.of(resource.toURI()));
                case "jar" -> {
                    String s = resource.toString();
                    int bang = s.indexOf("!/");
                    yield bang < 0 || !s.startsWith("jar:file:") ? null
                            : stamp(s, Path.of(new java.net.URI(s.substring("jar:".length(), bang))));
                }
                default -> null;
            };
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Path pathOf(String named) {
        try {
            return Path.of(named);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static Stamp stamp(String where, Path file) {
        if (file == null) return null;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            if (!a.isRegularFile()) return null;
            long modified = a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
            long now = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
            if (now - modified < TimeUnit.SECONDS.toNanos(RACY_SECONDS)) return null;
            return new Stamp(where, a.fileKey(), a.size(), modified);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
