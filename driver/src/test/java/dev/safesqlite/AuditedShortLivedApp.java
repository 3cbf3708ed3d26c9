package dev.safesqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * A short-lived program that leaves audit events of its own: opens the database through
 * jdbc:safesqlite:, writes, runs a destructive statement (a DDL, which takes a pre-ddl backup, and a
 * second one the backup covers), closes and exits at once. Arguments after the database are
 * SafeSQLite settings for the URL ({@code backup.on.shutdown=true}). Prints its pid, which every
 * line it writes to the audit file carries.
 */
public final class AuditedShortLivedApp {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        StringBuilder query = new StringBuilder();
        for (int i = 1; i < args.length; i++) query.append(i == 1 ? '?' : '&').append("safesqlite.").append(args[i]);
        try (Connection c = DriverManager.getConnection("jdbc:safesqlite:" + file + query);
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, v TEXT)");
            st.execute("INSERT INTO t(v) VALUES ('one'), ('two')");
            st.execute("CREATE TABLE scratch(v TEXT)");
            st.execute("DROP TABLE scratch");
        }
        System.out.println("done pid=" + ProcessHandle.current().pid());
    }
}
