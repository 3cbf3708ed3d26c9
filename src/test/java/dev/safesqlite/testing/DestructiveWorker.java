package dev.safesqlite.testing;

import dev.safesqlite.internal.config.SettingsResolver;
import dev.safesqlite.internal.engine.ProtectedConnection;
import dev.safesqlite.internal.engine.SqliteOpenProperties;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.sqlite.JDBC;

/**
 * A process that plays an application behind a front: for each of its tables, creates and
 * fills it, then drops it through the engine's protection. Args: database, prefix, tables.
 */
public final class DestructiveWorker {

    public static void main(String[] args) throws Exception {
        String db = args[0];
        String prefix = args[1];
        int tables = Integer.parseInt(args[2]);
        var settings = SettingsResolver.builder().environment(Map.of())
                .urlParameters(Map.of("safesqlite.backup.on.startup", "false",
                        "safesqlite.checkpoint.interval", "0", "safesqlite.coalesce", "0",
                        "safesqlite.retain.last", "1000"))
                .resolve();
        String url = "jdbc:sqlite:" + db;
        for (int i = 0; i < tables; i++) {
            try (Connection raw = JDBC.createConnection(url, SqliteOpenProperties.of(url, new Properties(), settings).properties())) {
                ProtectedConnection pc = ProtectedConnection.attach(raw, settings);
                String t = prefix + "_" + i;
                try (Statement st = raw.createStatement()) {
                    st.executeUpdate("CREATE TABLE IF NOT EXISTS keep(x)");
                    st.executeUpdate("CREATE TABLE " + t + "(id INTEGER PRIMARY KEY, v TEXT)");
                    st.executeUpdate("WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < " + (10 + i)
                            + ") INSERT INTO " + t + "(v) SELECT 'row' FROM n");
                    String drop = "DROP TABLE " + t;
                    boolean covered = pc.beforeExecute(drop, true, null);
                    st.executeUpdate(drop);
                    if (covered) pc.coveredStatementFinished();
                }
                pc.closed();
            }
        }
        System.out.println("done " + prefix);
    }
}
