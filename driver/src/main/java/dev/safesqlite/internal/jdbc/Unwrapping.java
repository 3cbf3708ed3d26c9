package dev.safesqlite.internal.jdbc;

import java.sql.SQLException;

/**
 * The one rule every SafeSQLite wrapper follows for {@code unwrap}/{@code isWrapperFor}: hand out
 * the protected object itself, never the sqlite-jdbc object behind it. A raw connection or
 * statement runs SQL without the backup before destructive statements, so giving it away would
 * be a silent hole in the protection (the bug class of p6spy #338, HikariCP #116).
 */
final class Unwrapping {

    private Unwrapping() {
    }

    /**
     * {@code wrapper} itself when it is an {@code iface}; a refusal that says what to unwrap
     * instead when only the raw object is one; otherwise the JDBC "not a wrapper for" error.
     */
    static <T> T unwrap(Object wrapper, Object raw, Class<T> iface, String instead) throws SQLException {
        if (iface == null) {
            throw new SQLException("unwrap(null): name the interface or class to unwrap to");
        }
        if (iface.isInstance(wrapper)) {
            return iface.cast(wrapper);
        }
        if (iface.isInstance(raw)) {
            throw new SQLException("SafeSQLite does not hand out sqlite-jdbc's own " + iface.getName()
                    + ": SQL run through it would skip the backup SafeSQLite takes before destructive"
                    + " statements. " + instead);
        }
        throw new SQLException(wrapper.getClass().getSimpleName() + " is not a wrapper for " + iface.getName());
    }

    /** True exactly when {@link #unwrap} would return an object. */
    static boolean isWrapperFor(Object wrapper, Class<?> iface) {
        return iface != null && iface.isInstance(wrapper);
    }
}
