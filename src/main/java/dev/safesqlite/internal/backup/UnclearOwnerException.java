package dev.safesqlite.internal.backup;

import java.io.IOException;

/**
 * The backups in a directory were recorded for several databases of one file name and nothing
 * says which is the one asked about (SPEC section 5): the operator must name the original path.
 */
public final class UnclearOwnerException extends IOException {

    public UnclearOwnerException(String message) {
        super(message);
    }
}
