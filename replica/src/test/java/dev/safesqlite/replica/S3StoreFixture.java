package dev.safesqlite.replica;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real S3 server (S3Proxy on loopback) with the bucket {@code backups}, started before the
 * first test of the class that extends this and stopped after its last. The server belongs to the
 * class being run: this module's test classes run one after another (no parallel execution is
 * configured), so the static field is never shared by two running classes.
 */
abstract class S3StoreFixture {

    @TempDir
    static Path store;
    static S3ProxyServer s3;

    @BeforeAll
    static void startStore() throws Exception {
        s3 = S3ProxyServer.start(store.resolve("s3"));
        s3.createBucket("backups");
    }

    @AfterAll
    static void stopStore() throws Exception {
        s3.close();
    }

    /** The {@code safesqlite.*} settings that replicate to {@code replicaUrl} on this server, local backups in {@code backupDir}. */
    static Map<String, String> storeSettings(String replicaUrl, Path backupDir) {
        Map<String, String> m = s3.settings(replicaUrl);
        m.put("safesqlite.backup.dir", backupDir.toString());
        return m;
    }
}
