package dev.safesqlite.micrometer;

import dev.safesqlite.BackupStats;
import dev.safesqlite.SafeSqlite;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * SafeSQLite's meters (SPEC section 13), each tagged with {@code database} (the database
 * file's absolute path):
 * <ul>
 *   <li>{@code safesqlite.backups}: backups taken, tagged {@code reason} ({@code pre-ddl},
 *       {@code startup}, {@code manual}, ...);</li>
 *   <li>{@code safesqlite.backup.duration}: the time they took, by {@code reason};</li>
 *   <li>{@code safesqlite.backup.bytes}: the bytes they stored, by {@code reason};</li>
 *   <li>{@code safesqlite.backup.age}: the age of the newest backup, in seconds;</li>
 *   <li>{@code safesqlite.statements.blocked}: destructive statements refused because they
 *       could not be protected ({@code on.failure=block});</li>
 *   <li>{@code safesqlite.replica.lag} and {@code safesqlite.replica.pending}: how far the
 *       replicas are behind, and how many uploads wait (0 without replicas).</li>
 * </ul>
 * Counts are since this JVM began to protect the database. Without Spring:
 * {@code new SafeSqliteMetrics().bindTo(registry)}; the Spring Boot starter registers it.
 */
public final class SafeSqliteMetrics implements MeterBinder, AutoCloseable {

    private final ProtectionTotals totals = ProtectionTotals.INSTANCE;
    private Consumer<ProtectionTotals.Database> registration;

    @Override
    public void bindTo(MeterRegistry registry) {
        // Databases protected before the first event reached the feed still get their age gauge.
        for (SafeSqlite db : SafeSqlite.protectedInThisJvm()) totals.database(db.database().toString());
        registration = db -> register(registry, db);
        totals.onNewSeries(registration);
    }

    private void register(MeterRegistry registry, ProtectionTotals.Database db) {
        TimeGauge.builder("safesqlite.backup.age", db, TimeUnit.SECONDS, SafeSqliteMetrics::ageSeconds)
                .tag("database", db.name)
                .description("Age of the newest backup of the database")
                .register(registry);
        FunctionCounter.builder("safesqlite.statements.blocked", db, d -> d.blocked.get())
                .tag("database", db.name)
                .description("Destructive statements refused because no backup could be made first")
                .register(registry);
        for (Map.Entry<String, ProtectionTotals.Backups> e : db.backups.entrySet()) {
            ProtectionTotals.Backups b = e.getValue();
            FunctionCounter.builder("safesqlite.backups", b, x -> x.count.get())
                    .tags("database", db.name, "reason", e.getKey())
                    .description("Verified backups taken")
                    .register(registry);
            FunctionTimer.builder("safesqlite.backup.duration", b, x -> x.count.get(), x -> x.millis.get(),
                            TimeUnit.MILLISECONDS)
                    .tags("database", db.name, "reason", e.getKey())
                    .description("Time taken by backups, snapshot to verified file")
                    .register(registry);
            FunctionCounter.builder("safesqlite.backup.bytes", b, x -> x.bytes.get())
                    .tags("database", db.name, "reason", e.getKey())
                    .baseUnit("bytes")
                    .description("Bytes stored by backups")
                    .register(registry);
        }
        // Replicas (SPEC section 10): read from the backup directory's markers at each scrape, so
        // uploads made by another process sharing the directory count too; 0 without replicas.
        TimeGauge.builder("safesqlite.replica.lag", db, TimeUnit.MILLISECONDS,
                        d -> replicaStat(d.name, BackupStats::replicaLagMillis))
                .tag("database", db.name)
                .description("Age of the oldest backup not yet confirmed on every replica (0 when none is pending)")
                .register(registry);
        Gauge.builder("safesqlite.replica.pending", db, d -> replicaStat(d.name, BackupStats::pendingUploads))
                .tag("database", db.name)
                .description("Uploads to replicas not yet confirmed (backups times replicas)")
                .register(registry);
    }

    private static double replicaStat(String database, java.util.function.ToDoubleFunction<BackupStats> stat) {
        for (SafeSqlite db : SafeSqlite.protectedInThisJvm()) {
            if (db.database().equals(Path.of(database))) {
                try {
                    return stat.applyAsDouble(db.stats());
                } catch (IOException e) {
                    return Double.NaN;
                }
            }
        }
        return Double.NaN;
    }

    /** Seconds since the newest backup; NaN while the database has none. */
    private static double ageSeconds(ProtectionTotals.Database db) {
        Instant newest = db.newest;
        if (newest == null) {
            newest = newestOnDisk(db.name);
            if (newest == null) return Double.NaN;
            db.newest = newest;
        }
        return Duration.between(newest, Instant.now()).toMillis() / 1000.0;
    }

    /** Backups from before this JVM: read once from the backup directory the database is protected with. */
    private static Instant newestOnDisk(String database) {
        for (SafeSqlite db : SafeSqlite.protectedInThisJvm()) {
            if (db.database().equals(Path.of(database))) {
                try {
                    return db.stats().newest();
                } catch (IOException e) {
                    return null; // reported by the backups themselves; a gauge has no way to say why
                }
            }
        }
        return null;
    }

    /** Stops registering meters for databases that appear later; registered meters stay until the registry closes. */
    @Override
    public void close() {
        if (registration != null) totals.stopTelling(registration);
    }
}
