package dev.safesqlite.internal.engine;

import dev.safesqlite.DatabaseHealth;
import dev.safesqlite.internal.backup.StoredBackup;
import dev.safesqlite.internal.config.Setting;
import dev.safesqlite.internal.replica.Replication;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The health verdict on one database: the newest backup is younger than {@code health.max.age},
 * the last verification did not fail, and no replica lags more than {@code health.max.replica.lag}. One place for it, so that Actuator, JMX and the
 * command line can never disagree.
 */
public final class BackupHealth {

    private BackupHealth() {
    }

    public static DatabaseHealth of(ProtectedDatabase db, Instant now) throws IOException {
        Duration maxAge = db.settings().healthMaxAge();
        List<StoredBackup> backups = db.backups();
        Instant newest = backups.isEmpty() ? null : backups.get(0).name().created();
        List<String> problems = new ArrayList<>();
        if (newest == null) {
            // A new database has no backup until it has a schema; only a lasting absence is a problem.
            Duration protectedFor = Duration.between(db.protectedSince(), now);
            if (protectedFor.compareTo(maxAge) > 0) {
                problems.add("there is no backup in " + db.backupDir() + " although this JVM has protected the database for "
                        + text(protectedFor) + ", longer than " + Setting.HEALTH_MAX_AGE.key() + "=" + text(maxAge));
            }
        } else {
            Duration age = Duration.between(newest, now);
            if (age.compareTo(maxAge) > 0) {
                problems.add("the newest backup, " + backups.get(0).file() + ", is " + text(age) + " old, older than "
                        + Setting.HEALTH_MAX_AGE.key() + "=" + text(maxAge)
                        + "; check that backups still succeed (audit log) or set backup.daily");
            }
        }
        String verification = db.lastVerification();
        if (verification != null && !verification.equals("ok")) {
            problems.add("the last verification failed: " + verification);
        }
        if (db.replication().enabled()) {
            Replication.Status replicas = db.replication().status();
            Duration lag = replicas.lag(now);
            Duration maxLag = db.settings().healthMaxReplicaLag();
            if (lag.compareTo(maxLag) > 0) {
                problems.add(replicas.pendingUploads() + " upload(s) to the replicas are pending, the oldest for "
                        + text(lag) + ", longer than " + Setting.HEALTH_MAX_REPLICA_LAG.key() + "=" + text(maxLag)
                        + "; the audit log's replica.failed events say why, and 'safesqlite replicate' retries now");
            }
        }
        return new DatabaseHealth(db.file(), problems, newest, maxAge, verification);
    }

    /** {@code 2d 3h}, {@code 5m 10s}: the two largest units, as a person reads an age. */
    static String text(Duration d) {
        long s = Math.max(0, d.getSeconds());
        long[] sizes = {86400, 3600, 60, 1};
        String[] units = {"d", "h", "m", "s"};
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < sizes.length && shown < 2; i++) {
            long n = s / sizes[i];
            if (n > 0 || (i == sizes.length - 1 && out.length() == 0)) {
                if (out.length() > 0) out.append(' ');
                out.append(n).append(units[i]);
                s -= n * sizes[i];
                shown++;
            } else if (shown > 0) {
                shown++;
            }
        }
        return out.toString();
    }
}
