package dev.safesqlite.samples.legacy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.sqlite.JDBC;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * An application that has never heard of SafeSQLite: plain {@code jdbc:sqlite:}, plain JDBC. The
 * agent's tests, and README's "Legacy applications", start it with and without
 * {@code -javaagent:safesqlite-agent.jar}.
 *
 * <pre>
 * java -cp ... dev.safesqlite.samples.legacy.LegacyApp HOW URL STEP...
 *   HOW   how the connection is opened: drivermanager | datasource | config | jdbc | hikari
 *   STEP  execute:SQL          Statement.execute (the first statement of SQL)
 *         query:SQL            Statement.executeQuery
 *         update:SQL           Statement.executeUpdate (every statement of SQL)
 *         large:SQL            Statement.executeLargeUpdate
 *         batch:SQL;;SQL...    Statement.addBatch for each, then executeBatch
 *         prepared:SQL;;V...   PreparedStatement with the values V bound, then execute
 *         prepared-update:SQL;;V...  the same with executeUpdate
 *         prepared-batch:SQL;;V,V;;V,V...  one addBatch per value list, then executeBatch
 *         count:TABLE          prints the table's row count
 *         autocommit:on|off    Connection.setAutoCommit
 *         commit:              Connection.commit
 * </pre>
 *
 * A failing step prints {@code FAILED <SQLState> <message>} and ends the program with status 3.
 */
public final class LegacyApp {

    private LegacyApp() {
    }

    public static void main(String[] args) throws Exception {
        try (AutoCloseable pool = args[0].equals("hikari") ? pool(args[1]) : null;
             Connection connection = pool == null ? open(args[0], args[1]) : ((HikariDataSource) pool).getConnection()) {
            for (int i = 2; i < args.length; i++) {
                try {
                    run(connection, args[i]);
                } catch (SQLException e) {
                    System.out.println("FAILED " + e.getSQLState() + " " + e.getMessage());
                    System.exit(3);
                }
            }
        }
        System.out.println("DONE");
    }

    static Connection open(String how, String url) throws SQLException {
        return switch (how) {
            case "drivermanager" -> DriverManager.getConnection(url);
            case "datasource" -> {
                SQLiteDataSource dataSource = new SQLiteDataSource();
                dataSource.setUrl(url);
                yield dataSource.getConnection();
            }
            case "config" -> new SQLiteConfig().createConnection(url);
            case "jdbc" -> JDBC.createConnection(url, new Properties());
            default -> throw new IllegalArgumentException("unknown way to connect: " + how);
        };
    }

    /** A HikariCP pool, as a Spring Boot application would have. */
    static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }

    static void run(Connection connection, String step) throws SQLException {
        int colon = step.indexOf(':');
        String kind = step.substring(0, colon);
        String[] parts = step.substring(colon + 1).split(";;");
        String sql = parts[0];
        switch (kind) {
            case "execute" -> {
                try (Statement st = connection.createStatement()) {
                    st.execute(sql);
                }
            }
            case "query" -> {
                try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                    while (rs.next()) {
                        System.out.println("ROW " + rs.getString(1));
                    }
                }
            }
            case "update" -> {
                try (Statement st = connection.createStatement()) {
                    System.out.println("UPDATED " + st.executeUpdate(sql));
                }
            }
            case "large" -> {
                try (Statement st = connection.createStatement()) {
                    System.out.println("UPDATED " + st.executeLargeUpdate(sql));
                }
            }
            case "batch" -> {
                try (Statement st = connection.createStatement()) {
                    for (String each : parts) st.addBatch(each);
                    st.executeBatch();
                }
            }
            case "prepared", "prepared-update" -> {
                try (PreparedStatement ps = connection.prepareStatement(sql)) {
                    for (int p = 1; p < parts.length; p++) ps.setString(p, parts[p]);
                    if (kind.equals("prepared")) ps.execute(); else ps.executeUpdate();
                }
            }
            case "prepared-batch" -> {
                try (PreparedStatement ps = connection.prepareStatement(sql)) {
                    for (int b = 1; b < parts.length; b++) {
                        String[] values = parts[b].split(",");
                        for (int p = 0; p < values.length; p++) ps.setString(p + 1, values[p]);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            case "count" -> {
                try (Statement st = connection.createStatement();
                     ResultSet rs = st.executeQuery("SELECT count(*) FROM " + sql)) {
                    rs.next();
                    System.out.println("COUNT " + sql + " " + rs.getLong(1));
                }
            }
            case "autocommit" -> connection.setAutoCommit(sql.equals("on"));
            case "commit" -> connection.commit();
            default -> throw new IllegalArgumentException("unknown step: " + step);
        }
    }
}
