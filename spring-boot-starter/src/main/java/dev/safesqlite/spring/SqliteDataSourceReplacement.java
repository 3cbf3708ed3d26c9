package dev.safesqlite.spring;

import dev.safesqlite.SafeSqliteDriver;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.sqlite.SQLiteDataSource;

/**
 * What replaces an {@code org.sqlite.SQLiteDataSource} bean: sqlite-jdbc's DataSource opens
 * connections through its own driver and accepts only {@code jdbc:sqlite:} URLs, so it cannot
 * be re-pointed. This one opens them through the SafeSQLite driver with the same SQLite
 * configuration (pragmas, open mode) the original carried.
 */
final class SqliteDataSourceReplacement implements DataSource {

    private static final SafeSqliteDriver DRIVER = new SafeSqliteDriver();

    private final String url;
    private final Properties sqliteConfig;
    private volatile PrintWriter logWriter;
    private volatile int loginTimeout;

    private SqliteDataSourceReplacement(String url, Properties sqliteConfig) {
        this.url = url;
        this.sqliteConfig = sqliteConfig;
    }

    static boolean applies(DataSource ds) {
        try {
            return ds instanceof SQLiteDataSource;
        } catch (NoClassDefFoundError e) {
            return false;
        }
    }

    static DataSource of(DataSource original, String safeSqliteUrl) {
        return new SqliteDataSourceReplacement(safeSqliteUrl, ((SQLiteDataSource) original).getConfig().toProperties());
    }

    String url() {
        return url;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return DRIVER.connect(url, (Properties) sqliteConfig.clone());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        Properties p = (Properties) sqliteConfig.clone();
        if (username != null) p.setProperty("user", username);
        if (password != null) p.setProperty("pass", password);
        return DRIVER.connect(url, p);
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("SafeSQLite logs through SLF4J");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) return iface.cast(this);
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
