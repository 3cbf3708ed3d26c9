package dev.safesqlite.agent;

import static dev.safesqlite.agent.TestClassPath.HIKARI;
import static dev.safesqlite.agent.TestClassPath.SAMPLES;
import static dev.safesqlite.agent.TestClassPath.SLF4J_API;
import static dev.safesqlite.agent.TestClassPath.SQLITE_JDBC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.replica.S3ProxyServer;
import dev.safesqlite.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent jar carries the S3 client and Tink in its engine payload: an unmodified application gets encrypted S3 replicas. */
class AgentReplicaIT {

    @TempDir
    Path tmp;

    @Test
    void anUnmodifiedApplicationUnderTheAgentSendsItsBackupToS3Encrypted() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(tmp.resolve("s3"))) {
            s3.createBucket("backups");
            Path db = TestDatabases.ordersDatabase(tmp.resolve("app.db"), 10);
            Path key = java.nio.file.Files.writeString(tmp.resolve("replica.key"),
                    java.util.Base64.getEncoder().encodeToString(new byte[32]));
            ChildRun.Result run = ChildRun.on(Path.of(System.getProperty("java.home")))
                    .agent("backup.on.startup=false,replica.url=s3://backups/agent,replica.s3.path.style=true,"
                            + "replica.s3.endpoint=" + s3.endpoint() + ",replica.encrypt.key=file:" + key)
                    .option("-Daws.accessKeyId=" + S3ProxyServer.IDENTITY)
                    .option("-Daws.secretAccessKey=" + S3ProxyServer.CREDENTIAL)
                    .classPath(SAMPLES, SQLITE_JDBC, HIKARI, SLF4J_API)
                    // keeps running a while after the statement: the upload is in the background
                    .legacyApp("drivermanager", "jdbc:sqlite:" + db, "execute:DROP TABLE orders", "sleep:15000");
            assertEquals(0, run.exitCode(), run.output());
            assertFalse(run.output().contains("Exception"), run.output());
            try (var c = s3.client()) {
                var keys = c.listObjectsV2(r -> r.bucket("backups").prefix("agent/app/")).contents().stream()
                        .map(o -> o.key()).toList();
                assertEquals(2, keys.size(), keys + "\n" + run.output());
                assertTrue(keys.stream().anyMatch(k -> k.endsWith("_pre-ddl.db.json")), keys.toString());
            }
        }
    }
}
