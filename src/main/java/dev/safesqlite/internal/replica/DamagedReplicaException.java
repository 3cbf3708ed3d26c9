package dev.safesqlite.internal.replica;

/** A backup on a replica does not match its manifest or does not authenticate: verification found damage. */
public final class DamagedReplicaException extends ReplicaException {

    public DamagedReplicaException(String message) {
        super(message);
    }

    public DamagedReplicaException(String message, Throwable cause) {
        super(message, cause);
    }
}
