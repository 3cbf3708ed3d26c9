package dev.safesqlite.internal.config;

/** Where a setting's value came from, highest precedence first (SPEC section 3). */
public enum Source {
    /** The safesqlite command line's -s KEY=VALUE and --backup-dir, above everything else. */
    COMMAND_LINE("the command line, -s/--setting or --backup-dir"),
    CONNECTION_PROPERTIES("connection properties"),
    URL("URL query parameter"),
    AGENT_ARGUMENTS("agent arguments"),
    SYSTEM_PROPERTY("system property"),
    ENVIRONMENT("environment variable"),
    FILE("settings file"),
    DEFAULT("default");

    private final String description;

    Source(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
