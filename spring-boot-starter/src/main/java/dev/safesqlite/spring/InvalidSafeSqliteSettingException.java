package dev.safesqlite.spring;

/**
 * A {@code safesqlite.*} property Spring found that the driver would refuse: the application
 * does not start, rather than run with protection other than the one written down.
 */
public final class InvalidSafeSqliteSettingException extends IllegalStateException {
    InvalidSafeSqliteSettingException(String message, Throwable cause) {
        super(message, cause);
    }
}
