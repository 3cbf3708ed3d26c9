package dev.safesqlite;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Whether one database is protected as its settings ask (SPEC section 13): what an Actuator
 * health indicator, a monitoring script or a status page reports.
 *
 * @param database         the database file
 * @param problems         why it is not healthy, one sentence each naming the file or setting; empty when healthy
 * @param newestBackup     when the newest backup was taken, or null when there is none
 * @param maxAge           {@code health.max.age}: the oldest the newest backup may be
 * @param lastVerification the last verification this JVM ran ({@code ok} or what was wrong), or null
 */
public record DatabaseHealth(Path database, List<String> problems, Instant newestBackup, Duration maxAge,
                             String lastVerification) {

    public DatabaseHealth {
        problems = List.copyOf(problems);
    }

    public boolean healthy() {
        return problems.isEmpty();
    }
}
