package dev.safesqlite.internal.classify;

import dev.safesqlite.internal.config.Protect;

/** Why a statement needs a backup before it runs; the reason written into the backup's name. */
public enum Danger {
    DDL("pre-ddl", Protect.DDL),
    DELETE("pre-delete", Protect.BULK_DELETE),
    UPDATE("pre-update", Protect.BULK_UPDATE);

    private final String reason;
    private final Protect protect;

    Danger(String reason, Protect protect) {
        this.reason = reason;
        this.protect = protect;
    }

    /** {@code pre-ddl}, {@code pre-delete} or {@code pre-update}. */
    public String reason() {
        return reason;
    }

    /** The {@code safesqlite.protect} entry that switches this kind of protection on. */
    public Protect protect() {
        return protect;
    }
}
