package dev.safesqlite.spring;

import dev.safesqlite.BackupInfo;
import dev.safesqlite.SafeSqlite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.lang.Nullable;

/**
 * {@code /actuator/safesqlite}: GET lists every protected database's backups, newest first;
 * POST takes a manual backup (verified, never deleted by retention) of the database named by
 * {@code database} (its path or file name), which may be left out when there is only one.
 */
@Endpoint(id = "safesqlite")
public class SafeSqliteEndpoint {

    @ReadOperation
    public Map<String, Object> backups() {
        List<Map<String, Object>> databases = new ArrayList<>();
        for (SafeSqlite db : SafeSqlite.protectedInThisJvm()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("database", db.database().toString());
            d.put("backupDirectory", db.backupDirectory().toString());
            try {
                d.put("backups", db.list().stream().map(SafeSqliteEndpoint::describe).toList());
            } catch (IOException e) {
                d.put("error", e.getMessage());
            }
            databases.add(d);
        }
        return Map.of("databases", databases);
    }

    @WriteOperation
    public Map<String, Object> backup(@Nullable String database) {
        SafeSqlite db = choose(database);
        try {
            return describe(db.backup());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static SafeSqlite choose(String database) {
        List<SafeSqlite> all = SafeSqlite.protectedInThisJvm();
        if (database == null || database.isBlank()) {
            if (all.size() == 1) return all.get(0);
            throw new InvalidEndpointRequestException("name the database to back up (\"database\": its path or file"
                    + " name); protected here: " + names(all), "database missing");
        }
        List<SafeSqlite> matching = all.stream().filter(db -> db.database().toString().equals(database)
                || db.database().getFileName().toString().equals(database)).toList();
        if (matching.size() != 1) {
            throw new InvalidEndpointRequestException("no single protected database is named '" + database
                    + "'; protected here: " + names(all), "unknown database");
        }
        return matching.get(0);
    }

    private static List<String> names(List<SafeSqlite> all) {
        return all.stream().map(db -> db.database().toString()).toList();
    }

    private static Map<String, Object> describe(BackupInfo b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", b.file().toString());
        m.put("created", b.created().toString());
        m.put("reason", b.reason());
        if (b.triggerSql() != null) m.put("triggerSql", b.triggerSql());
        m.put("bytes", b.bytes());
        m.put("verify", b.verify());
        m.put("compression", b.compression());
        m.put("pinned", b.pinned());
        m.put("tables", b.tables());
        return m;
    }
}
