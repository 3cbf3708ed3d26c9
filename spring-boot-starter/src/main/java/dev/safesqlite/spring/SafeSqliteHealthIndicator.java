package dev.safesqlite.spring;

import dev.safesqlite.DatabaseHealth;
import dev.safesqlite.SafeSqlite;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * {@code safesqlite} under {@code /actuator/health}: DOWN when a protected database's newest
 * backup is older than {@code safesqlite.health.max.age} (default {@code 2d}) or its last
 * verification failed (SPEC section 13); the details name each database and say why. The
 * verdict is the engine's ({@link SafeSqlite#health()}), the one JMX and the command line use.
 */
public class SafeSqliteHealthIndicator extends AbstractHealthIndicator {

    public SafeSqliteHealthIndicator() {
        super("SafeSQLite health check failed");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        List<SafeSqlite> databases = SafeSqlite.protectedInThisJvm();
        if (databases.isEmpty()) {
            builder.unknown().withDetail("databases", "none protected yet: no SQLite connection has been opened");
            return;
        }
        boolean down = false;
        for (SafeSqlite db : databases) {
            Map<String, Object> details = new LinkedHashMap<>();
            try {
                DatabaseHealth h = db.health();
                details.put("status", h.healthy() ? "UP" : "DOWN");
                details.put("newestBackup", h.newestBackup() == null ? "none" : h.newestBackup().toString());
                details.put("maxAge", h.maxAge().toString());
                if (h.lastVerification() != null) details.put("lastVerification", h.lastVerification());
                if (!h.healthy()) details.put("problems", h.problems());
                down |= !h.healthy();
            } catch (IOException e) {
                details.put("status", "DOWN");
                details.put("problems", List.of("cannot read the backups in " + db.backupDirectory() + ": " + e.getMessage()));
                down = true;
            }
            builder.withDetail(db.database().toString(), details);
        }
        if (down) builder.down(); else builder.up();
    }
}
