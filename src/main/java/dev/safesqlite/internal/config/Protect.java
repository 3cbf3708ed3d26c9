package dev.safesqlite.internal.config;

/** What may trigger a pre-operation backup ({@code safesqlite.protect}). */
public enum Protect {
    DDL("ddl"),
    BULK_DELETE("bulk-delete"),
    BULK_UPDATE("bulk-update");

    private final String label;

    Protect(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
