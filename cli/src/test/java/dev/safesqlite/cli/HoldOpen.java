package dev.safesqlite.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * A stand-in for a running application: opens the database, reads it (a WAL connection then
 * keeps its shared lock), says "holding", and keeps it open until its standard input closes.
 */
public final class HoldOpen {
    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[0]); Statement st = c.createStatement()) {
            st.executeQuery("SELECT count(*) FROM sqlite_schema").close();
            System.out.println("holding");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the test to close our standard input
            }
        }
    }
}
