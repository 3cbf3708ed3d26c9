package dev.safesqlite.internal.export;

import java.io.IOException;

/** The export's destination already holds something; an export never overwrites. */
public final class ExportRefusedException extends IOException {
    public ExportRefusedException(String message) {
        super(message);
    }
}
