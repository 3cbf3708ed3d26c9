package dev.safesqlite.internal.config;

import java.util.Locale;

/**
 * Every setting SafeSQLite accepts, with its default and how its value is read.
 * The key users write is {@code safesqlite.<name>}; the name is what agent arguments use.
 */
public enum Setting {
    WAL("wal", "true", ValueType.BOOLEAN),
    BUSY_TIMEOUT("busy.timeout", "5000", ValueType.MILLIS),
    PROTECT("protect", "ddl,bulk-delete,bulk-update", ValueType.PROTECT_SET),
    BULK_ROWS("bulk.rows", "1000", ValueType.POSITIVE_LONG),
    COALESCE("coalesce", "60s", ValueType.DURATION),
    ON_FAILURE("on.failure", "block", ValueType.choice("block", "proceed")),
    BACKUP_DIR("backup.dir", "", ValueType.PATH),
    BACKUP_VERIFY("backup.verify", "quick", ValueType.choice("quick", "full", "none")),
    BACKUP_COMPRESS("backup.compress", "none", ValueType.choice("none", "gzip", "zstd")),
    BACKUP_ON_STARTUP("backup.on.startup", "true", ValueType.BOOLEAN),
    BACKUP_ON_SHUTDOWN("backup.on.shutdown", "false", ValueType.BOOLEAN),
    BACKUP_DAILY("backup.daily", "off", ValueType.TIME_OF_DAY),
    RETAIN_LAST("retain.last", "10", ValueType.NON_NEGATIVE_INT),
    RETAIN_DAILY("retain.daily", "7", ValueType.NON_NEGATIVE_INT),
    RETAIN_WEEKLY("retain.weekly", "4", ValueType.NON_NEGATIVE_INT),
    RETAIN_MONTHLY("retain.monthly", "12", ValueType.NON_NEGATIVE_INT),
    RETAIN_WITHIN("retain.within", "1d", ValueType.DURATION),
    CHECKPOINT_INTERVAL("checkpoint.interval", "1h", ValueType.DURATION),
    AUDIT_FILE("audit.file", "", ValueType.PATH),
    AUDIT_MAX_SIZE("audit.max.size", "10MB", ValueType.SIZE),
    AUDIT_MAX_HISTORY("audit.max.history", "30", ValueType.NON_NEGATIVE_INT),
    AUDIT_TOTAL_CAP("audit.total.cap", "1GB", ValueType.SIZE),
    /** SPEC section 10: where every backup is also sent ({@code s3://BUCKET/PREFIX}, {@code file:///PATH}). */
    REPLICA_URL("replica.url", "off", ValueType.REPLICA_URLS),
    REPLICA_S3_ENDPOINT("replica.s3.endpoint", "", ValueType.ENDPOINT),
    REPLICA_S3_REGION("replica.s3.region", "us-east-1", ValueType.TEXT),
    REPLICA_S3_PATH_STYLE("replica.s3.path.style", "false", ValueType.BOOLEAN),
    REPLICA_ENCRYPT_KEY("replica.encrypt.key", "off", ValueType.REPLICA_KEY),
    REPLICA_RETAIN("replica.retain", "local", ValueType.choice("local", "keep")),
    /** SPEC section 11: keep every committed transaction (change files, snapshots, restore points). */
    CONTINUOUS("continuous", "off", ValueType.BOOLEAN),
    CONTINUOUS_SNAPSHOT_INTERVAL("continuous.snapshot.interval", "1d", ValueType.DURATION),
    CONTINUOUS_RETAIN("continuous.retain", "7d", ValueType.DURATION),
    CONTINUOUS_LAG("continuous.lag", "1s", ValueType.DURATION),
    /** Health (Actuator, {@code SafeSqlite.health()}): DOWN when the newest backup is older than this. */
    HEALTH_MAX_AGE("health.max.age", "2d", ValueType.DURATION),
    /** Health: DOWN when a replica (SPEC section 10) lags more than this; read once replicas exist. */
    HEALTH_MAX_REPLICA_LAG("health.max.replica.lag", "1h", ValueType.DURATION),
    /** Only read by the agent: what to do when its own settings are wrong. */
    AGENT_ON_ERROR("agent.on.error", "fail", ValueType.choice("fail", "warn")),
    /**
     * Only read by the Spring Boot starter: {@code false} leaves the application's DataSources
     * alone. Known here so that {@code SAFESQLITE_ENABLED} or {@code -Dsafesqlite.enabled}, which
     * the starter reads through Spring, is not an unknown setting to the driver.
     */
    ENABLED("enabled", "true", ValueType.BOOLEAN);

    public static final String PREFIX = "safesqlite.";
    /** Not a setting but where to find the settings file: {@code -Dsafesqlite.config=FILE}. */
    public static final String CONFIG_FILE_KEY = PREFIX + "config";

    private final String name;
    private final String defaultValue;
    private final ValueType type;

    Setting(String name, String defaultValue, ValueType type) {
        this.name = name;
        this.defaultValue = defaultValue;
        this.type = type;
    }

    /** The short name, as agent arguments write it: {@code backup.dir}. */
    public String shortName() {
        return name;
    }

    /** The full key: {@code safesqlite.backup.dir}. */
    public String key() {
        return PREFIX + name;
    }

    /** The environment variable: {@code SAFESQLITE_BACKUP_DIR}. */
    public String environmentVariable() {
        return key().toUpperCase(Locale.ROOT).replace('.', '_');
    }

    public String defaultValue() {
        return defaultValue;
    }

    ValueType type() {
        return type;
    }

    /** The setting with this short name or full key, or null. */
    public static Setting byName(String nameOrKey) {
        String n = nameOrKey.startsWith(PREFIX) ? nameOrKey.substring(PREFIX.length()) : nameOrKey;
        for (Setting s : values()) {
            if (s.name.equals(n)) {
                return s;
            }
        }
        return null;
    }
}
