package dev.safesqlite.internal.engine;

import dev.safesqlite.internal.config.Setting;
import dev.safesqlite.internal.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings that belong to a database rather than to a connection: the first connection that
 * opens a database in a JVM fixes them for as long as the JVM runs, because there is one
 * retention policy, one audit log and one set of background work (startup, daily and shutdown
 * backups, checkpoints) per database. Every other setting ({@code protect}, {@code bulk.rows},
 * {@code coalesce}, {@code on.failure}, {@code wal}, {@code busy.timeout}, and {@code
 * backup.verify} / {@code backup.compress} of the backups taken before a connection's statements)
 * applies per connection. ({@code backup.dir} is neither: another directory is another set of
 * backups, protected on its own.) A later connection that asks for other database values gets
 * one WARN per database and set of keys, never silence.
 */
final class DatabaseSettings {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseSettings.class);

    static final List<Setting> FIXED_BY_FIRST_CONNECTION = List.of(
            Setting.RETAIN_LAST, Setting.RETAIN_DAILY, Setting.RETAIN_WEEKLY, Setting.RETAIN_MONTHLY,
            Setting.RETAIN_WITHIN, Setting.BACKUP_ON_STARTUP, Setting.BACKUP_ON_SHUTDOWN, Setting.BACKUP_DAILY,
            Setting.CHECKPOINT_INTERVAL, Setting.AUDIT_FILE, Setting.AUDIT_MAX_SIZE, Setting.AUDIT_MAX_HISTORY,
            Setting.AUDIT_TOTAL_CAP, Setting.CONTINUOUS, Setting.CONTINUOUS_SNAPSHOT_INTERVAL,
            Setting.CONTINUOUS_RETAIN, Setting.CONTINUOUS_LAG);

    private DatabaseSettings() {
    }

    /** Warns when {@code asked}, a later connection's settings, differ from what {@code db} runs with. */
    static void warnIfIgnored(ProtectedDatabase db, Settings asked) {
        Settings fixed = db.settings();
        if (fixed == asked) return;
        List<Setting> differing = new ArrayList<>();
        for (Setting s : FIXED_BY_FIRST_CONNECTION) {
            if (!Objects.equals(fixed.value(s), asked.value(s))) differing.add(s);
        }
        if (differing.isEmpty()) return;
        StringBuilder keys = new StringBuilder();
        StringBuilder values = new StringBuilder();
        for (Setting s : differing) {
            if (keys.length() > 0) {
                keys.append(", ");
                values.append("; ");
            }
            keys.append(s.key());
            values.append(s.key()).append(": ").append(shown(asked, s)).append(" asked, ")
                    .append(shown(fixed, s)).append(" applies");
        }
        if (!ProtectedDatabase.firstTime("settings:" + db.file() + "\n" + db.backupDir() + "\n" + keys)) return;
        LOG.warn("SafeSQLite: {} is already open in this JVM, and the settings that belong to a database were fixed "
                + "by the first connection that opened it; this connection's {} {} ignored ({}). Give every "
                + "connection to this database the same values, or restart the JVM to change them.",
                db.file(), keys, differing.size() == 1 ? "is" : "are", values);
    }

    private static String shown(Settings settings, Setting s) {
        Object v = settings.value(s);
        return (v == null ? "unset" : v) + " (" + settings.sourceOf(s).description() + ")";
    }
}
