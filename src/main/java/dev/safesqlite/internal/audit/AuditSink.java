package dev.safesqlite.internal.audit;

/** Somewhere audit events go: the SLF4J mirror, the audit file, listeners. */
public interface AuditSink {
    /** Must not throw: a failing sink reports its own failure and the application goes on. */
    void record(AuditEvent event);
}
