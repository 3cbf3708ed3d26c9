package dev.safesqlite.internal.classify;

import java.math.BigDecimal;

/**
 * Values bound to a prepared statement, as a front captured them: {@code values[i]} is
 * parameter {@code i + 1}. A parameter set from a stream or reader cannot be re-read, so it is
 * recorded as {@link #UNKNOWN}; the classifier then assumes the worst.
 *
 * <p>The engine re-binds the values to its own count and trial statements with
 * {@code setObject}, so each must be in the form whose {@code setObject} binds exactly what the
 * application's setter bound ({@link #asBound}). The driver records a typed setter's value in
 * that form ({@code setByte(b)} binds an integer: it records {@code Integer}); the agent reads
 * sqlite-jdbc's own {@code batch} array, which holds bound forms already.
 */
public final class BoundValues {

    /** Stands for a bound value that was not captured. */
    public static final Object UNKNOWN = new Object() {
        @Override
        public String toString() {
            return "<unknown>";
        }
    };

    private BoundValues() {
    }

    /**
     * The value sqlite-jdbc 3.54's {@code JDBC3PreparedStatement.setObject} binds for {@code value}:
     * {@code Long}, {@code Integer}, {@code Float}, {@code Double}, {@code byte[]}, text or NULL;
     * {@code Short} and {@code Boolean} become integers, {@code BigDecimal} and anything else
     * ({@code Byte}, {@code Character}, {@code LocalDate} ...) their {@code toString()}. A
     * {@code java.util.Date} is kept: the count binds it on the same connection, whose date
     * settings sqlite-jdbc applies to it as it did for the application.
     */
    public static Object asBound(Object value) {
        if (value == null || value == UNKNOWN || value instanceof Long || value instanceof Integer
                || value instanceof Float || value instanceof Double || value instanceof byte[]
                || value instanceof String || value instanceof java.util.Date) {
            return value;
        }
        if (value instanceof Short s) {
            return s.intValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (value instanceof BigDecimal d) {
            return d.toString();
        }
        return value.toString();
    }
}
