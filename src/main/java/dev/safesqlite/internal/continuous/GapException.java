package dev.safesqlite.internal.continuous;

import java.io.IOException;

/** Transactions a restore needs are not kept (a missing or damaged change file); the message says which range. */
public final class GapException extends IOException {
    public GapException(String message) {
        super(message);
    }

    public GapException(String message, Throwable cause) {
        super(message, cause);
    }
}
