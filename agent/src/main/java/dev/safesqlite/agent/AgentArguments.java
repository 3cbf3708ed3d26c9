package dev.safesqlite.agent;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text after {@code -javaagent:safesqlite-agent.jar=}: {@code name=value} pairs separated by
 * commas, names as in SPEC section 3 with or without the {@code safesqlite.} prefix. A piece
 * without {@code =} continues the previous value, so list values and paths keep their commas:
 * {@code protect=ddl,bulk-delete,backup.dir=/b} is {@code protect=ddl,bulk-delete} and
 * {@code backup.dir=/b}. Whether a name and value are valid is the engine's settings resolver's
 * call, not this parser's.
 */
final class AgentArguments {

    private AgentArguments() {
    }

    static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) return out;
        String last = null;
        for (String piece : text.split(",", -1)) {
            int eq = piece.indexOf('=');
            if (eq < 0) {
                if (last == null) {
                    throw new IllegalArgumentException("agent argument '" + piece.trim()
                            + "' has no value: write name=value, e.g. backup.dir=/var/backups/app");
                }
                out.put(last, out.get(last) + "," + piece);
                continue;
            }
            last = piece.substring(0, eq).trim();
            if (last.isEmpty()) {
                throw new IllegalArgumentException("agent argument '" + piece.trim() + "' has no name");
            }
            out.put(last, piece.substring(eq + 1));
        }
        return out;
    }
}
