package dev.safesqlite;

import dev.safesqlite.internal.backup.InternalConnection;
import dev.safesqlite.internal.config.Setting;
import dev.safesqlite.internal.config.Settings;
import dev.safesqlite.internal.config.SettingsResolver;
import dev.safesqlite.internal.config.SqliteUrl;
import dev.safesqlite.internal.engine.SqliteOpenProperties;
import dev.safesqlite.internal.jdbc.SafeConnection;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;
import org.sqlite.JDBC;
import org.sqlite.SQLiteConnection;

/**
 * The {@code jdbc:safesqlite:} driver: sqlite-jdbc, with a verified backup taken before every
 * destructive statement. Write {@code jdbc:safesqlite:} where you wrote {@code jdbc:sqlite:};
 * everything after the prefix means what it means to sqlite-jdbc ({@code /data/app.db},
 * {@code file:app.db?mode=ro}, {@code :memory:}, its pragmas such as {@code journal_mode}).
 * SafeSQLite's own settings go in {@code safesqlite.*} URL parameters or connection properties;
 * they are removed before sqlite-jdbc sees the URL.
 *
 * <p>The prefix is matched without regard to case, as sqlite-jdbc matches its own. The real
 * driver is used directly, never looked up through DriverManager, so this driver can never find
 * itself. Version numbers and {@code jdbcCompliant()} are sqlite-jdbc's: tools that adapt to a
 * driver's version see the driver that really talks to SQLite.
 */
public final class SafeSqliteDriver implements Driver {

    /** What a SafeSQLite URL starts with. */
    public static final String PREFIX = "jdbc:safesqlite:";

    private static final JDBC SQLITE = new JDBC();

    static {
        try {
            DriverManager.registerDriver(new SafeSqliteDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
        if (url == null) {
            throw new SQLException("The JDBC URL is null; a SafeSQLite URL looks like " + PREFIX + "/data/app.db");
        }
        return url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /**
     * Opens a protected connection, or returns null for a URL of another driver, as JDBC asks.
     * Settings are resolved before the database is opened, so a misspelt or invalid setting
     * fails at once and leaves nothing open.
     */
    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        try {
            SqliteUrl sqliteUrl = SqliteUrl.parse(toSqliteUrl(url));
            Settings settings = SettingsResolver.builder()
                    .connectionProperties(info)
                    .urlParameters(sqliteUrl.settings())
                    .resolve();
            SqliteOpenProperties.Open open = SqliteOpenProperties.of(sqliteUrl.sqliteUrl(), info, settings);
            // Under the agent too, this connection is protected once: by the driver.
            open.properties().setProperty(InternalConnection.MARKER, "driver");
            SQLiteConnection raw = JDBC.createConnection(open.url(), open.properties());
            return SafeConnection.protect(raw, settings);
        } catch (RuntimeException e) {
            throw new SQLException("SafeSQLite could not open " + url + ": " + e, e);
        }
    }

    /** sqlite-jdbc's properties, then SafeSQLite's settings with the values this URL and these properties give. */
    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            throw new SQLException("Not a SafeSQLite URL: " + url + " (it starts with " + PREFIX + ")");
        }
        SqliteUrl sqliteUrl = SqliteUrl.parse(toSqliteUrl(url));
        List<DriverPropertyInfo> all = new ArrayList<>(Arrays.asList(
                SQLITE.getPropertyInfo(sqliteUrl.sqliteUrl(), withoutSafeSqliteSettings(info))));
        for (Setting setting : Setting.values()) {
            if (setting == Setting.AGENT_ON_ERROR || setting == Setting.ENABLED) {
                continue; // read by the agent only, by the Spring Boot starter only
            }
            String given = info == null ? null : info.getProperty(setting.key());
            if (given == null) {
                given = sqliteUrl.settings().get(setting.key());
            }
            String byDefault = setting.defaultValue().isEmpty() ? "derived from the database path" : setting.defaultValue();
            DriverPropertyInfo property = new DriverPropertyInfo(setting.key(), given != null ? given : byDefault);
            property.description = "SafeSQLite setting (default: " + byDefault + ")";
            property.required = false;
            all.add(property);
        }
        return all.toArray(new DriverPropertyInfo[0]);
    }

    @Override
    public int getMajorVersion() {
        return SQLITE.getMajorVersion();
    }

    @Override
    public int getMinorVersion() {
        return SQLITE.getMinorVersion();
    }

    @Override
    public boolean jdbcCompliant() {
        return SQLITE.jdbcCompliant();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("SafeSQLite logs through SLF4J (logger safesqlite.audit),"
                + " not java.util.logging");
    }

    /** Exactly the leading prefix changes; the rest is sqlite-jdbc's, untouched. */
    private static String toSqliteUrl(String url) {
        return SqliteUrl.SQLITE_PREFIX + url.substring(PREFIX.length());
    }

    /** SafeSQLite's settings are removed; every other property reaches sqlite-jdbc as given. */
    private static Properties withoutSafeSqliteSettings(Properties info) {
        Properties forSqlite = new Properties();
        if (info != null) {
            for (String name : info.stringPropertyNames()) {
                if (!name.startsWith(Setting.PREFIX)) {
                    forSqlite.setProperty(name, info.getProperty(name));
                }
            }
        }
        return forSqlite;
    }
}
