package dev.safesqlite.internal.classify;

/**
 * Values bound to a prepared statement, as the driver front captured them: {@code values[i]}
 * is parameter {@code i + 1}. A parameter set from a stream or reader cannot be re-read, so
 * it is recorded as {@link #UNKNOWN}; the classifier then assumes the worst.
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
}
