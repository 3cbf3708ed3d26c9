package dev.safesqlite;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/** Another process: switches a database to {@code journal_mode=DELETE} through plain sqlite-jdbc and prints the mode. */
public final class JournalModeSwitchApp {

    private JournalModeSwitchApp() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[0]);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA journal_mode=DELETE")) {
            rs.next();
            System.out.println("mode " + rs.getString(1));
        }
    }
}
