package dev.safesqlite;

import java.util.List;

/**
 * What {@link SafeSqlite#replicate()} did.
 *
 * @param uploaded backups sent (to any replica)
 * @param pending  backups times replicas still not on their replica afterwards
 * @param failures one line per replica that failed, naming its URL and why
 */
public record ReplicationResult(int uploaded, int pending, List<String> failures) {
    public boolean ok() {
        return failures.isEmpty() && pending == 0;
    }
}
