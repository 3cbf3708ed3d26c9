package dev.safesqlite.internal.backup;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.util.Map;

/**
 * The {@code <backup>.json} beside every backup (SPEC section 5). Written last: a backup file
 * without its manifest is not a backup. Field order is the order written.
 *
 * <p>{@code restores}: on a {@code pre-restore} backup, the file name of the backup that restore
 * put back, so the state after it is known; a repeated {@code restore --undo} steps back from
 * there instead of choosing the same backup again (see {@code BackupChoice}).
 */
public record Manifest(
        int format,
        String database,
        String file,
        String created,
        String reason,
        Trigger trigger,
        long bytes,
        String sha256,
        long pageSize,
        long pageCount,
        long userVersion,
        String sqliteVersion,
        String verify,
        String compression,
        boolean pinned,
        Map<String, Long> tables,
        String restores,
        Long position) {

    public static final int FORMAT = 1;

    /**
     * A manifest of a backup that records no restore; {@code restores} is only set on a
     * {@code pre-restore} backup. Manifests written before the field existed read it as null,
     * and older readers ignore it, so the format number stays 1.
     */
    public Manifest(int format, String database, String file, String created, String reason, Trigger trigger,
                    long bytes, String sha256, long pageSize, long pageCount, long userVersion, String sqliteVersion,
                    String verify, String compression, boolean pinned, Map<String, Long> tables) {
        this(format, database, file, created, reason, trigger, bytes, sha256, pageSize, pageCount, userVersion,
                sqliteVersion, verify, compression, pinned, tables, null, null);
    }

    /** What caused a pre-operation backup; null for other reasons. */
    public record Trigger(String sql, String connection, String thread) {
    }

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create();

    public String toJson() {
        return GSON.toJson(this);
    }

    public static Manifest fromJson(String json) throws JsonParseException {
        Manifest m = GSON.fromJson(json, Manifest.class);
        if (m == null || m.format() != FORMAT || m.file() == null || m.sha256() == null) {
            throw new JsonParseException("not a SafeSQLite manifest of format " + FORMAT);
        }
        return m;
    }

    public Manifest withFile(String newFile) {
        return new Manifest(format, database, newFile, created, reason, trigger, bytes, sha256, pageSize, pageCount,
                userVersion, sqliteVersion, verify, compression, pinned, tables, restores, position);
    }

}
