package dev.safesqlite;

import dev.safesqlite.internal.config.Setting;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} for protected SQLite connections, for containers and pools that are given
 * a class name and bean properties (HikariCP's {@code dataSourceClassName}, Spring, JNDI).
 *
 * <p>Properties: {@code url} ({@code jdbc:safesqlite:/data/app.db}; a {@code jdbc:sqlite:} URL is
 * taken as the same database, protected), and one property per setting, named after it in
 * camel case: {@code safesqlite.backup.dir} is {@code backupDir}, {@code safesqlite.retain.last}
 * is {@code retainLast}. Every setting property is a String holding the text the setting takes
 * anywhere else ({@code "60s"}, {@code "20"}, {@code "/backups"}), so the one parser reads them
 * all and its errors quote what was written. Unset (null) properties leave the setting to the
 * lower sources (system properties, environment, settings file). {@link #setSetting} takes any
 * setting by key. Values set here count as connection properties, the highest source.
 *
 * <p>A value is checked when a connection is opened: a bad one fails {@link #getConnection()}
 * with an SQLException naming the key, the value and its source; bean setters cannot throw one.
 * sqlite-jdbc's own options ({@code journal_mode}, {@code busy_timeout}, ...) go in the URL.
 *
 * <pre>{@code
 * HikariConfig config = new HikariConfig();
 * config.setDataSourceClassName("dev.safesqlite.SafeSqliteDataSource");
 * config.addDataSourceProperty("url", "jdbc:safesqlite:/data/app.db");
 * config.addDataSourceProperty("backupDir", "/backups");
 * config.addDataSourceProperty("retainLast", "20");
 * }</pre>
 */
public final class SafeSqliteDataSource implements DataSource {

    private static final SafeSqliteDriver DRIVER = new SafeSqliteDriver();

    private volatile String url;
    /** Full keys ({@code safesqlite.backup.dir}) to the text given. */
    private final Map<String, String> settings = new LinkedHashMap<>();
    private volatile PrintWriter logWriter;
    private volatile int loginTimeout;

    @Override
    public Connection getConnection() throws SQLException {
        return open(new Properties());
    }

    /** SQLite has no accounts; user and password reach sqlite-jdbc as it expects them ({@code user}, {@code pass}). */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        Properties properties = new Properties();
        if (username != null) {
            properties.setProperty("user", username);
        }
        if (password != null) {
            properties.setProperty("pass", password);
        }
        return open(properties);
    }

    private Connection open(Properties properties) throws SQLException {
        synchronized (settings) {
            settings.forEach(properties::setProperty);
        }
        return DRIVER.connect(safeUrl(), properties);
    }

    private String safeUrl() throws SQLException {
        String given = url;
        if (given == null || given.isBlank()) {
            throw new SQLException("SafeSqliteDataSource has no url: set it, e.g. to " + SafeSqliteDriver.PREFIX
                    + "/data/app.db");
        }
        if (given.regionMatches(true, 0, SafeSqliteDriver.PREFIX, 0, SafeSqliteDriver.PREFIX.length())) {
            return given;
        }
        if (given.regionMatches(true, 0, "jdbc:sqlite:", 0, "jdbc:sqlite:".length())) {
            return SafeSqliteDriver.PREFIX + given.substring("jdbc:sqlite:".length());
        }
        throw new SQLException("SafeSqliteDataSource url '" + given + "' is not an SQLite URL: write "
                + SafeSqliteDriver.PREFIX + " followed by the database, e.g. " + SafeSqliteDriver.PREFIX + "/data/app.db");
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    /**
     * Sets any SafeSQLite setting by key, with or without the {@code safesqlite.} prefix
     * ({@code "backup.dir"} or {@code "safesqlite.backup.dir"}); null unsets it. An unknown key is
     * reported when a connection is opened, like a bad value.
     */
    public void setSetting(String key, String value) {
        String fullKey = key.startsWith(Setting.PREFIX) ? key : Setting.PREFIX + key;
        synchronized (settings) {
            if (value == null) {
                settings.remove(fullKey);
            } else {
                settings.put(fullKey, value);
            }
        }
    }

    /** The text set for a setting here, or null. */
    public String getSetting(String key) {
        String fullKey = key.startsWith(Setting.PREFIX) ? key : Setting.PREFIX + key;
        synchronized (settings) {
            return settings.get(fullKey);
        }
    }

    /** {@code safesqlite.wal}: force {@code journal_mode=WAL} on every connection ({@code true}). */
    public void setWal(String value) {
        setSetting(Setting.WAL.key(), value);
    }

    public String getWal() {
        return getSetting(Setting.WAL.key());
    }

    /** {@code safesqlite.busy.timeout}: busy timeout applied when the URL sets none ({@code 5000} ms). */
    public void setBusyTimeout(String value) {
        setSetting(Setting.BUSY_TIMEOUT.key(), value);
    }

    public String getBusyTimeout() {
        return getSetting(Setting.BUSY_TIMEOUT.key());
    }

    /** {@code safesqlite.protect}: what triggers a pre-operation backup ({@code ddl,bulk-delete,bulk-update}; {@code none}). */
    public void setProtect(String value) {
        setSetting(Setting.PROTECT.key(), value);
    }

    public String getProtect() {
        return getSetting(Setting.PROTECT.key());
    }

    /** {@code safesqlite.bulk.rows}: rows from which a DELETE or UPDATE counts as bulk ({@code 1000}). */
    public void setBulkRows(String value) {
        setSetting(Setting.BULK_ROWS.key(), value);
    }

    public String getBulkRows() {
        return getSetting(Setting.BULK_ROWS.key());
    }

    /** {@code safesqlite.coalesce}: how long one pre-operation backup covers later statements ({@code 60s}). */
    public void setCoalesce(String value) {
        setSetting(Setting.COALESCE.key(), value);
    }

    public String getCoalesce() {
        return getSetting(Setting.COALESCE.key());
    }

    /** {@code safesqlite.on.failure}: {@code block} or {@code proceed} when a backup cannot be made. */
    public void setOnFailure(String value) {
        setSetting(Setting.ON_FAILURE.key(), value);
    }

    public String getOnFailure() {
        return getSetting(Setting.ON_FAILURE.key());
    }

    /** {@code safesqlite.backup.dir}: where backups, manifests and the audit log go ({@code <database directory>/backups}). */
    public void setBackupDir(String value) {
        setSetting(Setting.BACKUP_DIR.key(), value);
    }

    public String getBackupDir() {
        return getSetting(Setting.BACKUP_DIR.key());
    }

    /** {@code safesqlite.backup.verify}: {@code quick}, {@code full} or {@code none}. */
    public void setBackupVerify(String value) {
        setSetting(Setting.BACKUP_VERIFY.key(), value);
    }

    public String getBackupVerify() {
        return getSetting(Setting.BACKUP_VERIFY.key());
    }

    /** {@code safesqlite.backup.compress}: {@code none}, {@code gzip} or {@code zstd}. */
    public void setBackupCompress(String value) {
        setSetting(Setting.BACKUP_COMPRESS.key(), value);
    }

    public String getBackupCompress() {
        return getSetting(Setting.BACKUP_COMPRESS.key());
    }

    /** {@code safesqlite.backup.on.startup}: back up the first time this JVM opens the database ({@code true}). */
    public void setBackupOnStartup(String value) {
        setSetting(Setting.BACKUP_ON_STARTUP.key(), value);
    }

    public String getBackupOnStartup() {
        return getSetting(Setting.BACKUP_ON_STARTUP.key());
    }

    /** {@code safesqlite.backup.on.shutdown}: back up when the JVM shuts down ({@code false}). */
    public void setBackupOnShutdown(String value) {
        setSetting(Setting.BACKUP_ON_SHUTDOWN.key(), value);
    }

    public String getBackupOnShutdown() {
        return getSetting(Setting.BACKUP_ON_SHUTDOWN.key());
    }

    /** {@code safesqlite.backup.daily}: local time of a daily backup, such as {@code 02:00} ({@code off}). */
    public void setBackupDaily(String value) {
        setSetting(Setting.BACKUP_DAILY.key(), value);
    }

    public String getBackupDaily() {
        return getSetting(Setting.BACKUP_DAILY.key());
    }

    /** {@code safesqlite.retain.last}: keep the N newest backups ({@code 10}). */
    public void setRetainLast(String value) {
        setSetting(Setting.RETAIN_LAST.key(), value);
    }

    public String getRetainLast() {
        return getSetting(Setting.RETAIN_LAST.key());
    }

    /** {@code safesqlite.retain.daily}: keep the newest backup of each of the last N days ({@code 7}). */
    public void setRetainDaily(String value) {
        setSetting(Setting.RETAIN_DAILY.key(), value);
    }

    public String getRetainDaily() {
        return getSetting(Setting.RETAIN_DAILY.key());
    }

    /** {@code safesqlite.retain.weekly}: keep the newest backup of each of the last N ISO weeks ({@code 4}). */
    public void setRetainWeekly(String value) {
        setSetting(Setting.RETAIN_WEEKLY.key(), value);
    }

    public String getRetainWeekly() {
        return getSetting(Setting.RETAIN_WEEKLY.key());
    }

    /** {@code safesqlite.retain.monthly}: keep the newest backup of each of the last N months ({@code 12}). */
    public void setRetainMonthly(String value) {
        setSetting(Setting.RETAIN_MONTHLY.key(), value);
    }

    public String getRetainMonthly() {
        return getSetting(Setting.RETAIN_MONTHLY.key());
    }

    /** {@code safesqlite.retain.within}: keep every backup younger than this ({@code 1d}). */
    public void setRetainWithin(String value) {
        setSetting(Setting.RETAIN_WITHIN.key(), value);
    }

    public String getRetainWithin() {
        return getSetting(Setting.RETAIN_WITHIN.key());
    }

    /** {@code safesqlite.checkpoint.interval}: periodic WAL checkpoint ({@code 1h}; {@code 0} off). */
    public void setCheckpointInterval(String value) {
        setSetting(Setting.CHECKPOINT_INTERVAL.key(), value);
    }

    public String getCheckpointInterval() {
        return getSetting(Setting.CHECKPOINT_INTERVAL.key());
    }

    /** {@code safesqlite.audit.file}: the audit log ({@code <backup.dir>/audit.log}). */
    public void setAuditFile(String value) {
        setSetting(Setting.AUDIT_FILE.key(), value);
    }

    public String getAuditFile() {
        return getSetting(Setting.AUDIT_FILE.key());
    }

    /** {@code safesqlite.audit.max.size}: size at which the audit log rolls ({@code 10MB}). */
    public void setAuditMaxSize(String value) {
        setSetting(Setting.AUDIT_MAX_SIZE.key(), value);
    }

    public String getAuditMaxSize() {
        return getSetting(Setting.AUDIT_MAX_SIZE.key());
    }

    /** {@code safesqlite.audit.max.history}: days of rolled audit logs kept ({@code 30}). */
    public void setAuditMaxHistory(String value) {
        setSetting(Setting.AUDIT_MAX_HISTORY.key(), value);
    }

    public String getAuditMaxHistory() {
        return getSetting(Setting.AUDIT_MAX_HISTORY.key());
    }

    /** {@code safesqlite.audit.total.cap}: total size of rolled audit logs kept ({@code 1GB}). */
    public void setAuditTotalCap(String value) {
        setSetting(Setting.AUDIT_TOTAL_CAP.key(), value);
    }

    public String getAuditTotalCap() {
        return getSetting(Setting.AUDIT_TOTAL_CAP.key());
    }

    /** {@code safesqlite.continuous}: {@code on} keeps every committed transaction (SPEC 11). */
    public void setContinuous(String value) {
        setSetting(Setting.CONTINUOUS.key(), value);
    }

    public String getContinuous() {
        return getSetting(Setting.CONTINUOUS.key());
    }

    /** {@code safesqlite.continuous.snapshot.interval}: a full snapshot this often ({@code 1d}). */
    public void setContinuousSnapshotInterval(String value) {
        setSetting(Setting.CONTINUOUS_SNAPSHOT_INTERVAL.key(), value);
    }

    public String getContinuousSnapshotInterval() {
        return getSetting(Setting.CONTINUOUS_SNAPSHOT_INTERVAL.key());
    }

    /** {@code safesqlite.continuous.retain}: how far back any point can be restored ({@code 7d}). */
    public void setContinuousRetain(String value) {
        setSetting(Setting.CONTINUOUS_RETAIN.key(), value);
    }

    public String getContinuousRetain() {
        return getSetting(Setting.CONTINUOUS_RETAIN.key());
    }

    /** {@code safesqlite.continuous.lag}: the longest a commit waits to be kept and sent ({@code 1s}). */
    public void setContinuousLag(String value) {
        setSetting(Setting.CONTINUOUS_LAG.key(), value);
    }

    public String getContinuousLag() {
        return getSetting(Setting.CONTINUOUS_LAG.key());
    }

    public void setReplicaUrl(String value) {
        setSetting(Setting.REPLICA_URL.key(), value);
    }

    public String getReplicaUrl() {
        return getSetting(Setting.REPLICA_URL.key());
    }

    public void setReplicaS3Endpoint(String value) {
        setSetting(Setting.REPLICA_S3_ENDPOINT.key(), value);
    }

    public String getReplicaS3Endpoint() {
        return getSetting(Setting.REPLICA_S3_ENDPOINT.key());
    }

    public void setReplicaS3Region(String value) {
        setSetting(Setting.REPLICA_S3_REGION.key(), value);
    }

    public String getReplicaS3Region() {
        return getSetting(Setting.REPLICA_S3_REGION.key());
    }

    public void setReplicaS3PathStyle(String value) {
        setSetting(Setting.REPLICA_S3_PATH_STYLE.key(), value);
    }

    public String getReplicaS3PathStyle() {
        return getSetting(Setting.REPLICA_S3_PATH_STYLE.key());
    }

    public void setReplicaEncryptKey(String value) {
        setSetting(Setting.REPLICA_ENCRYPT_KEY.key(), value);
    }

    public String getReplicaEncryptKey() {
        return getSetting(Setting.REPLICA_ENCRYPT_KEY.key());
    }

    public void setReplicaRetain(String value) {
        setSetting(Setting.REPLICA_RETAIN.key(), value);
    }

    public String getReplicaRetain() {
        return getSetting(Setting.REPLICA_RETAIN.key());
    }

    /** {@code safesqlite.health.max.age}: health is DOWN when the newest backup is older ({@code 2d}). */
    public void setHealthMaxAge(String value) {
        setSetting(Setting.HEALTH_MAX_AGE.key(), value);
    }

    public String getHealthMaxAge() {
        return getSetting(Setting.HEALTH_MAX_AGE.key());
    }

    /** {@code safesqlite.health.max.replica.lag}: health is DOWN when a replica lags more ({@code 1h}). */
    public void setHealthMaxReplicaLag(String value) {
        setSetting(Setting.HEALTH_MAX_REPLICA_LAG.key(), value);
    }

    public String getHealthMaxReplicaLag() {
        return getSetting(Setting.HEALTH_MAX_REPLICA_LAG.key());
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    /** Kept as JDBC asks; SafeSQLite itself logs through SLF4J. */
    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    /** Kept as JDBC asks; opening an SQLite file does not wait on a network. */
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
        throw new SQLFeatureNotSupportedException("SafeSQLite logs through SLF4J (logger safesqlite.audit),"
                + " not java.util.logging");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface != null && iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("SafeSqliteDataSource is not a wrapper for " + (iface == null ? null : iface.getName()));
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface != null && iface.isInstance(this);
    }
}
