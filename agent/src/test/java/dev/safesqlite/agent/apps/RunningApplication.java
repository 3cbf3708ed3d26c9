package dev.safesqlite.agent.apps;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * An application already running when the agent is attached: sqlite-jdbc's classes, statements
 * and prepared statements included, are loaded and used before. It waits for a line on standard
 * input, then opens a connection and runs what it is told.
 */
public final class RunningApplication {

    private RunningApplication() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM orders WHERE id > ?")) {
            st.executeUpdate("UPDATE orders SET qty = qty WHERE id = 1");
            ps.setInt(1, 0);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                System.out.println("READY " + rs.getLong(1));
            }
        }
        new BufferedReader(new InputStreamReader(System.in)).readLine();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute(args[1]);
        }
        System.out.println("DONE");
    }
}
