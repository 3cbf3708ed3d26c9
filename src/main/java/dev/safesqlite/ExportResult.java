package dev.safesqlite;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * What an export wrote.
 *
 * @param destination the directory or zip file (with a {@code manifest.json})
 * @param exported    when the snapshot was read
 * @param userVersion the database's {@code user_version}
 * @param rows        rows written per table
 */
public record ExportResult(Path destination, Instant exported, long userVersion, Map<String, Long> rows) {
}
