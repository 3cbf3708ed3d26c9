package dev.safesqlite;

import java.nio.file.Path;

/**
 * The verdict on one backup (or on an orphan: a backup file without manifest, a manifest
 * without backup).
 *
 * @param file    the file judged
 * @param problem null when sound, else what is wrong
 */
public record VerifyResult(Path file, String problem) {
    public boolean ok() {
        return problem == null;
    }
}
