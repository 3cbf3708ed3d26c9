package dev.safesqlite.internal.continuous;

import java.io.IOException;

/** A change file that cannot be trusted (checksum, framing, order): never applied, not even in part. */
public final class DamagedChangeException extends IOException {
    public DamagedChangeException(String message) {
        super(message);
    }
}
