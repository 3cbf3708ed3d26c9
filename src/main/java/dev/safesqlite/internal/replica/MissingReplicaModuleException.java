package dev.safesqlite.internal.replica;

/** A replica setting needs {@code dev.safesqlite:safesqlite-replica}, which is not on the class path. */
public final class MissingReplicaModuleException extends ReplicaException {

    public static final String ARTIFACT = "dev.safesqlite:safesqlite-replica";

    public MissingReplicaModuleException(String setting, String what) {
        super(setting + " needs " + what + ", which lives in the artifact " + ARTIFACT
                + ": add it to the application's dependencies (the agent and command-line jars already carry it)");
    }
}
