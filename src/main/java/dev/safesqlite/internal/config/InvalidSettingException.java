package dev.safesqlite.internal.config;

import java.sql.SQLException;

/** A setting that cannot be used: names the key, the value, the source and what was expected. */
public final class InvalidSettingException extends SQLException {
    /** SQLState for a configuration error ("SS" is SafeSQLite's class; SS001 is a blocked statement). */
    public static final String SQL_STATE = "SS002";

    InvalidSettingException(String message) {
        super(message, SQL_STATE);
    }
}
