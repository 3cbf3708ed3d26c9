package dev.safesqlite;

import dev.safesqlite.internal.replica.RemoteBackup;
import java.time.Instant;
import java.util.Map;

/**
 * One backup on a replica ({@code list DB --from URL}).
 *
 * @param object     where it is: {@code <replica url>/<db>/<backup file name>}
 * @param name       the backup file name, the same as on disk
 * @param created    when the snapshot was taken
 * @param reason     why it was taken
 * @param encrypted  whether it is stored encrypted ({@code replica.encrypt.key})
 * @param keyFingerprint the fingerprint of the key it was encrypted with, or null
 * @param triggerSql the statement it was taken before, or null (also when its manifest could not be opened)
 * @param bytes      size of the backup (decrypted), or -1 when its manifest could not be opened
 * @param pinned     never deleted by retention
 * @param tables     row count of every table (empty when its manifest could not be opened)
 * @param problem    why its manifest could not be read (no key, another key, damaged), or null
 */
public record ReplicaBackup(String object, String name, Instant created, String reason, boolean encrypted,
                            String keyFingerprint, String triggerSql, long bytes, boolean pinned,
                            Map<String, Long> tables, String problem) {

    static ReplicaBackup of(RemoteBackup r) {
        var m = r.manifest();
        return new ReplicaBackup(r.url() + "/" + r.name().database() + "/" + r.fileName(), r.fileName(),
                r.name().created(), r.reason(), r.encrypted(), r.encrypted() ? r.sealed().encryption().key() : null,
                m == null || m.trigger() == null ? null : m.trigger().sql(), m == null ? -1 : m.bytes(),
                m != null && m.pinned(), m == null || m.tables() == null ? Map.of() : Map.copyOf(m.tables()),
                r.problem());
    }
}
