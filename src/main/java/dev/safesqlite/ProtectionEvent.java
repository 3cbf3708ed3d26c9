package dev.safesqlite;

import java.time.Instant;
import java.util.Map;

/**
 * One protection event, as the audit log records it (SPEC section 6).
 *
 * @param time     when it happened
 * @param event    {@code backup.created}, {@code backup.failed}, {@code statement.blocked}, ...
 * @param database the database file
 * @param fields   what the event carries ({@code reason}, {@code sql}, {@code backup}, {@code error}, ...)
 */
public record ProtectionEvent(Instant time, String event, String database, Map<String, Object> fields) {
}
