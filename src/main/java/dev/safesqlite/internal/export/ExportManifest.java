package dev.safesqlite.internal.export;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} of an export: where the data came from, when, its schema version, and
 * for each table its file, its row count and its columns, so that a reader can check that
 * every row arrived.
 *
 * @param source   {@code live} (one read transaction of the database) or the backup file read
 * @param exported when the snapshot was read (ISO-8601, UTC)
 * @param csv      how the files are written, for whoever imports them
 */
public record ExportManifest(int format, String database, String source, String exported, long userVersion,
                             String csv, Map<String, Table> tables) {

    public static final int FORMAT = 1;
    static final String CSV_RULES = "RFC 4180, UTF-8 with BOM, CRLF, header row of column names; text and numbers "
            + "are quoted, NULL is an empty unquoted field, BLOBs are Base64";

    public record Table(String file, long rows, List<String> columns) {
    }

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create();

    public String toJson() {
        return GSON.toJson(this);
    }

    public static ExportManifest fromJson(String json) {
        return GSON.fromJson(json, ExportManifest.class);
    }
}
