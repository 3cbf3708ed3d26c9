package dev.safesqlite;

/**
 * Receives every protection event, for alerts and notifications. Implementations are found
 * with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.safesqlite.ProtectionListener}. Called on the thread that
 * caused the event (often the application's, before its statement runs): return quickly,
 * and do not throw — an exception is logged and ignored.
 */
public interface ProtectionListener {
    void onEvent(ProtectionEvent event);
}
