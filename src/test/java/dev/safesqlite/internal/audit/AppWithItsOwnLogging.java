package dev.safesqlite.internal.audit;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small application with its own logging stack and configuration that is also protected by
 * SafeSQLite: its work and the audit events interleave. {@link AuditIsolationIT} runs it in a
 * child JVM beside logback-classic 1.2, logback-classic 1.5 and Log4j 2, against the shaded
 * engine jar, and checks that both its log and the audit log come out right.
 *
 * <p>Arguments: the audit file, the number of events.
 */
public final class AppWithItsOwnLogging {

    public static void main(String[] args) {
        Path auditFile = Path.of(args[0]);
        int events = Integer.parseInt(args[1]);
        Logger app = LoggerFactory.getLogger("app");
        app.info("started on {}", LoggerFactory.getILoggerFactory().getClass().getName());
        try (AuditLogFile log = AuditLogs.open(auditFile, new RollingLimits(2048, 30, 0))) {
            Audit audit = new Audit(new Slf4jAuditSink(), log);
            for (int n = 0; n < events; n++) {
                app.info("work {}", n);
                audit.record(AuditEvent.of("backup.created", "/data/app.db").with("n", n)
                        .with("reason", "pre-ddl").with("sql", "DROP TABLE t" + n).build());
            }
            audit.record(AuditEvent.of("statement.unprotected", "/data/app.db").with("sql", "DELETE FROM t").build());
        }
        app.info("done");
    }
}
