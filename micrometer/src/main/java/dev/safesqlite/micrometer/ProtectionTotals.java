package dev.safesqlite.micrometer;

import dev.safesqlite.ProtectionEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What the meters read: totals per database since this JVM began to protect it, kept from the
 * first event on. The audit events reach {@link MeterFeed} from the first connection, often
 * before a meter registry exists (a Flyway migration at application start), so the meters
 * are functions over these totals rather than counters incremented after registration.
 */
final class ProtectionTotals {

    static final ProtectionTotals INSTANCE = new ProtectionTotals();

    private final Map<String, Database> databases = new ConcurrentHashMap<>();
    /** Told of every new database and every new (database, reason), to register their meters. */
    private final List<Consumer<Database>> newSeries = new CopyOnWriteArrayList<>();

    private ProtectionTotals() {
    }

    void record(ProtectionEvent e) {
        Database db = database(e.database());
        switch (e.event()) {
            case "backup.created" -> {
                String reason = String.valueOf(e.fields().get("reason"));
                boolean added = !db.backups.containsKey(reason);
                Backups b = db.backups.computeIfAbsent(reason, r -> new Backups());
                b.count.incrementAndGet();
                b.millis.addAndGet(number(e.fields().get("ms")));
                b.bytes.addAndGet(number(e.fields().get("bytes")));
                db.newest = e.time();
                if (added) announce(db);
            }
            case "statement.blocked" -> db.blocked.incrementAndGet();
            default -> { }
        }
    }

    /** The database with this name, announced to every binder the first time it is seen. */
    Database database(String name) {
        Database existing = databases.get(name);
        if (existing != null) return existing;
        Database created = new Database(name);
        existing = databases.putIfAbsent(name, created);
        if (existing != null) return existing;
        announce(created);
        return created;
    }

    void onNewSeries(Consumer<Database> register) {
        newSeries.add(register);
        databases.values().forEach(register);
    }

    void stopTelling(Consumer<Database> register) {
        newSeries.remove(register);
    }

    private void announce(Database db) {
        for (Consumer<Database> c : newSeries) c.accept(db);
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    static final class Database {
        final String name;
        final Map<String, Backups> backups = new ConcurrentHashMap<>();
        final AtomicLong blocked = new AtomicLong();
        /** The newest backup's time, from this JVM's events; null until one or until read from disk. */
        volatile Instant newest;

        Database(String name) {
            this.name = name;
        }
    }

    static final class Backups {
        final AtomicLong count = new AtomicLong();
        final AtomicLong millis = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
    }
}
