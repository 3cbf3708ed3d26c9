package dev.safesqlite.internal.continuous;

import dev.safesqlite.internal.audit.AuditEvent;
import dev.safesqlite.internal.audit.AuditSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The audit events a test's continuous protection recorded, to assert on. */
final class Events implements AuditSink {

    final List<AuditEvent> all = new CopyOnWriteArrayList<>();

    @Override
    public void record(AuditEvent event) {
        all.add(event);
    }

    List<AuditEvent> named(String name) {
        return all.stream().filter(e -> e.event().equals(name)).toList();
    }
}
