package dev.safesqlite.internal.audit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The one place events are reported: fans out to every registered sink. */
public final class Audit {

    private final List<AuditSink> sinks = new CopyOnWriteArrayList<>();

    public Audit(AuditSink... initial) {
        sinks.addAll(List.of(initial));
    }

    public void addSink(AuditSink sink) {
        sinks.add(sink);
    }

    public void record(AuditEvent event) {
        for (AuditSink s : sinks) {
            s.record(event);
        }
    }
}
