package dev.safesqlite.internal.audit;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One protection event (SPEC section 6): its name, the database it concerns, when it happened,
 * and the fields the event needs ({@code reason}, {@code sql}, {@code backup}, {@code bytes},
 * {@code ms}, {@code error}, ...), in the order they should be written.
 */
public record AuditEvent(Instant ts, String event, String db, Map<String, Object> fields) {

    public AuditEvent {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static Builder of(String event, String db) {
        return new Builder(event, db);
    }

    /** Collects fields in order; null values are left out. */
    public static final class Builder {
        private final String event;
        private final String db;
        private final Map<String, Object> fields = new LinkedHashMap<>();

        private Builder(String event, String db) {
            this.event = event;
            this.db = db;
        }

        public Builder with(String name, Object value) {
            if (value != null) fields.put(name, value);
            return this;
        }

        public AuditEvent build() {
            return new AuditEvent(Instant.now(), event, db, fields);
        }
    }
}
