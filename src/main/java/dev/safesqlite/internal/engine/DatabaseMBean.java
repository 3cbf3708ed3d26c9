package dev.safesqlite.internal.engine;

import dev.safesqlite.DatabaseMXBean;
import dev.safesqlite.internal.audit.AuditEvent;
import dev.safesqlite.internal.audit.AuditSink;
import dev.safesqlite.internal.backup.BackupDirectory;
import dev.safesqlite.internal.backup.BackupName;
import dev.safesqlite.internal.backup.BackupVerifier;
import dev.safesqlite.internal.backup.StoredBackup;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanServer;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import javax.management.StandardEmitterMBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MBean {@code dev.safesqlite:type=Database,name=<db>} of one protected database, and the
 * audit sink that turns {@code backup.failed} and {@code verify.failed} into JMX notifications.
 */
final class DatabaseMBean implements DatabaseMXBean, AuditSink {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseMBean.class);
    static final String[] NOTIFIED = {"backup.failed", "verify.failed"};

    private final ProtectedDatabase db;
    private final NotificationBroadcasterSupport broadcaster = new NotificationBroadcasterSupport(
            new MBeanNotificationInfo(NOTIFIED, Notification.class.getName(), "SafeSQLite protection failures"));
    private final AtomicLong sequence = new AtomicLong();

    private DatabaseMBean(ProtectedDatabase db) {
        this.db = db;
    }

    /**
     * Registers off the connect path: the first registration of a JVM starts the platform MBean
     * server, 70-130 ms of class loading that would otherwise be added to the first connection.
     * One thread, so databases are registered in the order they were opened (a second database of
     * the same name gets the numbered name, as before); it ends when idle, so it never keeps
     * anything alive.
     */
    private static final ThreadPoolExecutor REGISTRAR = registrar();

    private static ThreadPoolExecutor registrar() {
        ThreadPoolExecutor e = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "safesqlite-jmx");
            t.setDaemon(true);
            return t;
        });
        e.allowCoreThreadTimeOut(true);
        return e;
    }

    /** Registers the MBean of {@code db} and its notifications soon, on the registrar thread. */
    static void registerSoon(ProtectedDatabase db) {
        REGISTRAR.execute(() -> register(db));
    }

    /** Registers the MBean (a second database with the same name gets a numbered one) and its notifications. */
    static void register(ProtectedDatabase db) {
        DatabaseMBean bean = new DatabaseMBean(db);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        String base = BackupName.stem(db.file());
        try {
            for (int i = 1; ; i++) {
                String label = i == 1 ? base : base + " (" + i + ")";
                ObjectName name = new ObjectName("dev.safesqlite:type=Database,name=" + objectNameValue(label));
                if (server.isRegistered(name)) continue;
                server.registerMBean(new StandardEmitterMBean(bean, DatabaseMXBean.class, true, bean.broadcaster), name);
                break;
            }
            db.audit().addSink(bean);
        } catch (Exception | LinkageError e) {
            // JMX is a convenience: a JVM without it (or a security manager refusing it) still protects.
            LOG.warn("SafeSQLite: cannot register the MBean for {}: {}", db.file(), e.toString());
        }
    }

    /** As SPEC writes it ({@code name=app}); quoted only when the name has characters ObjectName reserves. */
    static String objectNameValue(String label) {
        return label.matches("[^,=:*?\"\\\\\n]+") ? label : ObjectName.quote(label);
    }

    @Override
    public void record(AuditEvent e) {
        for (String type : NOTIFIED) {
            if (type.equals(e.event())) {
                Notification n = new Notification(type, "dev.safesqlite:type=Database", sequence.incrementAndGet(),
                        e.ts().toEpochMilli(), e.db() + ": " + e.fields().get("error"));
                n.setUserData(e.fields().toString());
                broadcaster.sendNotification(n);
            }
        }
    }

    private List<StoredBackup> backups() {
        try {
            return db.backups();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    @Override
    public String getDatabase() {
        return db.file().toString();
    }

    @Override
    public String getBackupDirectory() {
        return db.backupDir().toString();
    }

    @Override
    public int getBackupCount() {
        return backups().size();
    }

    @Override
    public long getTotalBackupBytes() {
        return backups().stream().mapToLong(b -> b.manifest().bytes()).sum();
    }

    @Override
    public String getOldestBackup() {
        List<StoredBackup> all = backups();
        return all.isEmpty() ? null : all.get(all.size() - 1).name().created().toString();
    }

    @Override
    public String getNewestBackup() {
        List<StoredBackup> all = backups();
        return all.isEmpty() ? null : all.get(0).name().created().toString();
    }

    @Override
    public String getLastBackupFile() {
        StoredBackup b = db.lastBackup();
        return b == null ? null : b.file().toString();
    }

    @Override
    public long getLastBackupDurationMillis() {
        return db.lastBackupMs();
    }

    @Override
    public long getReplicaLag() {
        return db.replication().status().lag(java.time.Instant.now()).toMillis();
    }

    @Override
    public int getPendingUploads() {
        return db.replication().status().pendingUploads();
    }

    @Override
    public String getLastVerification() {
        return db.lastVerification();
    }

    @Override
    public String backupNow() throws Exception {
        return db.backup("manual", null, db.settings(), false).file().toString();
    }

    @Override
    public String verify() throws Exception {
        BackupDirectory dir = BackupDirectory.open(db.backupDir());
        // The lock is taken per backup, so a pre-operation backup waits for one check, not all of them.
        List<BackupVerifier.Result> results = new java.util.ArrayList<>();
        for (StoredBackup b : backups()) {
            results.add(dir.exclusively(() -> BackupVerifier.verify(b, dir, false)));
        }
        long bad = results.stream().filter(r -> !r.ok()).count();
        for (BackupVerifier.Result r : results) {
            db.record(AuditEvent.of(r.ok() ? "verify.ok" : "verify.failed", db.file().toString())
                    .with("backup", r.backup().file().toString())
                    .with("error", r.problem())
                    .build());
        }
        return results.size() + " backups verified, " + bad + " damaged";
    }

    @Override
    public int prune() throws Exception {
        return db.prune(BackupDirectory.open(db.backupDir()), false).deleted().size();
    }
}
