package dev.safesqlite;

import dev.safesqlite.internal.backup.StoredBackup;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * One backup as an application or operator sees it.
 *
 * @param file        the backup file
 * @param created     when the snapshot was taken (the state it holds)
 * @param reason      {@code pre-ddl}, {@code pre-delete}, {@code pre-update}, {@code startup},
 *                    {@code shutdown}, {@code daily}, {@code manual} or {@code pre-restore}
 * @param triggerSql  the statement it was taken before, or null
 * @param bytes       size of the stored file
 * @param sha256      checksum of the stored file
 * @param verify      the check made when it was taken ({@code ok}, {@code skipped})
 * @param compression {@code none}, {@code gzip} or {@code zstd}
 * @param pinned      never deleted by retention
 * @param tables      row count of every table
 */
public record BackupInfo(Path file, Instant created, String reason, String triggerSql, long bytes, String sha256,
                         String verify, String compression, boolean pinned, Map<String, Long> tables) {

    static BackupInfo of(StoredBackup b) {
        var m = b.manifest();
        return new BackupInfo(b.file(), b.name().created(), m.reason(), m.trigger() == null ? null : m.trigger().sql(),
                m.bytes(), m.sha256(), m.verify(), m.compression(), m.pinned(),
                m.tables() == null ? Map.of() : Map.copyOf(m.tables()));
    }
}
