package dev.safesqlite.internal.replica;

import java.io.IOException;

/** A replica could not be used; the message names the URL or setting and what to do. */
public class ReplicaException extends IOException {

    public ReplicaException(String message, Throwable cause) {
        super(message, cause);
    }

    public ReplicaException(String message) {
        super(message);
    }
}
