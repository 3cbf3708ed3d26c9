package dev.safesqlite.internal.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The resolved settings of one connection: every {@link Setting} with its parsed value and
 * where that value came from. Immutable; build with {@link SettingsResolver}.
 */
public final class Settings {

    private final Map<Setting, Object> values;
    private final Map<Setting, Source> sources;

    Settings(Map<Setting, Object> values, Map<Setting, Source> sources) {
        this.values = new EnumMap<>(values);
        this.sources = new EnumMap<>(sources);
    }

    /** Every setting at its default; for tests and tools that take no configuration. */
    public static Settings defaults() {
        return SettingsResolver.builder().includeEnvironment(false).resolveUnchecked();
    }

    public Source sourceOf(Setting s) {
        return sources.get(s);
    }

    /** The parsed value of {@code s}, as the typed getters return it (null where unset means "derived" or off). */
    public Object value(Setting s) {
        return values.get(s);
    }

    public boolean wal() {
        return (Boolean) values.get(Setting.WAL);
    }

    public Duration busyTimeout() {
        return (Duration) values.get(Setting.BUSY_TIMEOUT);
    }

    @SuppressWarnings("unchecked")
    public Set<Protect> protect() {
        return (Set<Protect>) values.get(Setting.PROTECT);
    }

    public long bulkRows() {
        return (Long) values.get(Setting.BULK_ROWS);
    }

    public Duration coalesce() {
        return (Duration) values.get(Setting.COALESCE);
    }

    /** {@code on.failure=block}: a destructive statement that could not be protected does not run. */
    public boolean blockOnFailure() {
        return "block".equals(values.get(Setting.ON_FAILURE));
    }

    /** {@code backup.dir}, or {@code <database directory>/backups}. */
    public Path backupDir(Path database) {
        Path p = (Path) values.get(Setting.BACKUP_DIR);
        return p != null ? p : database.toAbsolutePath().getParent().resolve("backups");
    }

    /** {@code quick}, {@code full} or {@code none}. */
    public String backupVerify() {
        return (String) values.get(Setting.BACKUP_VERIFY);
    }

    /** {@code none}, {@code gzip} or {@code zstd}. */
    public String backupCompress() {
        return (String) values.get(Setting.BACKUP_COMPRESS);
    }

    public boolean backupOnStartup() {
        return (Boolean) values.get(Setting.BACKUP_ON_STARTUP);
    }

    public boolean backupOnShutdown() {
        return (Boolean) values.get(Setting.BACKUP_ON_SHUTDOWN);
    }

    /** The local time of the daily backup, or null when off. */
    public LocalTime backupDaily() {
        Object v = values.get(Setting.BACKUP_DAILY);
        return v instanceof LocalTime t ? t : null;
    }

    public int retainLast() {
        return (Integer) values.get(Setting.RETAIN_LAST);
    }

    public int retainDaily() {
        return (Integer) values.get(Setting.RETAIN_DAILY);
    }

    public int retainWeekly() {
        return (Integer) values.get(Setting.RETAIN_WEEKLY);
    }

    public int retainMonthly() {
        return (Integer) values.get(Setting.RETAIN_MONTHLY);
    }

    public Duration retainWithin() {
        return (Duration) values.get(Setting.RETAIN_WITHIN);
    }

    /** Zero means off. */
    public Duration checkpointInterval() {
        return (Duration) values.get(Setting.CHECKPOINT_INTERVAL);
    }

    /** {@code audit.file}, or {@code <backup.dir>/audit.log}. */
    public Path auditFile(Path database) {
        Path p = (Path) values.get(Setting.AUDIT_FILE);
        return p != null ? p : backupDir(database).resolve("audit.log");
    }

    public long auditMaxSize() {
        return (Long) values.get(Setting.AUDIT_MAX_SIZE);
    }

    public int auditMaxHistory() {
        return (Integer) values.get(Setting.AUDIT_MAX_HISTORY);
    }

    public long auditTotalCap() {
        return (Long) values.get(Setting.AUDIT_TOTAL_CAP);
    }

    /** The replica targets of {@code replica.url}, in the order given; empty when off. */
    @SuppressWarnings("unchecked")
    public java.util.List<java.net.URI> replicaUrls() {
        return (java.util.List<java.net.URI>) values.get(Setting.REPLICA_URL);
    }

    /** {@code replica.s3.endpoint}, or null for the AWS endpoint of the region. */
    public java.net.URI replicaS3Endpoint() {
        return (java.net.URI) values.get(Setting.REPLICA_S3_ENDPOINT);
    }

    public String replicaS3Region() {
        return (String) values.get(Setting.REPLICA_S3_REGION);
    }

    public boolean replicaS3PathStyle() {
        return (Boolean) values.get(Setting.REPLICA_S3_PATH_STYLE);
    }

    /** The key of {@code replica.encrypt.key}, or null when replicas are not encrypted. */
    public ReplicaKey replicaEncryptKey() {
        Object v = values.get(Setting.REPLICA_ENCRYPT_KEY);
        return v instanceof ReplicaKey k ? k : null;
    }

    /** {@code local} (a replica keeps what local retention keeps) or {@code keep} (a replica deletes nothing). */
    public String replicaRetain() {
        return (String) values.get(Setting.REPLICA_RETAIN);
    }

    /** SPEC 11: {@code continuous=on}. */
    public boolean continuous() {
        return (Boolean) values.get(Setting.CONTINUOUS);
    }

    public Duration continuousSnapshotInterval() {
        return (Duration) values.get(Setting.CONTINUOUS_SNAPSHOT_INTERVAL);
    }

    public Duration continuousRetain() {
        return (Duration) values.get(Setting.CONTINUOUS_RETAIN);
    }

    public Duration continuousLag() {
        return (Duration) values.get(Setting.CONTINUOUS_LAG);
    }

    public Duration healthMaxAge() {
        return (Duration) values.get(Setting.HEALTH_MAX_AGE);
    }

    public Duration healthMaxReplicaLag() {
        return (Duration) values.get(Setting.HEALTH_MAX_REPLICA_LAG);
    }

    /** {@code fail} or {@code warn}. */
    public String agentOnError() {
        return (String) values.get(Setting.AGENT_ON_ERROR);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Settings other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Settings{");
        values.forEach((k, v) -> sb.append(k.shortName()).append('=').append(v)
                .append(" (").append(sources.get(k).description()).append("), "));
        return sb.append('}').toString();
    }
}
