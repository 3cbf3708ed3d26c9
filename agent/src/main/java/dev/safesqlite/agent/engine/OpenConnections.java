package dev.safesqlite.agent.engine;

import dev.safesqlite.internal.engine.ProtectedConnection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's open sqlite-jdbc connections and their engine state, by identity (a
 * connection's equals is not ours to trust). An entry leaves when the application closes the
 * connection. It is not a weak map on purpose: the engine state holds its raw connection, so a
 * weak key would never be cleared anyway; an unclosed connection is kept, as the driver's wrapper
 * keeps its raw connection.
 */
final class OpenConnections {

    private final ConcurrentHashMap<Identity, ProtectedConnection> open = new ConcurrentHashMap<>();

    void add(Object connection, ProtectedConnection state) {
        open.put(new Identity(connection), state);
    }

    ProtectedConnection get(Object connection) {
        return open.get(new Identity(connection));
    }

    ProtectedConnection remove(Object connection) {
        return open.remove(new Identity(connection));
    }

    private record Identity(Object connection) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Identity other && other.connection == connection;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(connection);
        }
    }
}
